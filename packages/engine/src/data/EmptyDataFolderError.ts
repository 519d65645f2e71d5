import { WfError } from '../errors/WfError.js';
import type { DataRole } from './DataNotFoundError.js';

/** A prices or market-caps folder holding no `<SYMBOL>.csv` / `<SYMBOL>_data.csv` file. */
export class EmptyDataFolderError extends WfError {
  readonly role: DataRole;
  /** The absolute path of the folder. */
  readonly path: string;

  constructor(options: { readonly role: DataRole; readonly path: string }) {
    super(
      'DATA_FOLDER_EMPTY',
      `${options.role.replace('_', ' ')} folder "${options.path}" holds no <SYMBOL>.csv or <SYMBOL>_data.csv file`,
    );
    this.role = options.role;
    this.path = options.path;
  }
}
