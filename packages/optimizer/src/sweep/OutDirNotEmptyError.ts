import { WfError } from '@wf/engine';

/** The output folder already holds files and neither resume nor force was asked for. */
export class OutDirNotEmptyError extends WfError {
  readonly outDir: string;

  constructor(outDir: string) {
    super('OUT_DIR_NOT_EMPTY', `output folder ${outDir} is not empty: pass --resume to continue that sweep or --force to start over`);
    this.outDir = outDir;
  }
}
