import { WfError } from '@wf/engine';

/** A complete line of a results store (not the torn last one) is not a result record. */
export class ResultsStoreCorruptError extends WfError {
  readonly file: string;
  readonly line: number;

  constructor(options: { file: string; line: number; text: string }) {
    const shown = options.text.length > 80 ? `${options.text.slice(0, 80)}...` : options.text;
    super('RESULTS_STORE_CORRUPT', `${options.file}:${options.line}: not a result record: ${JSON.stringify(shown)}`);
    this.file = options.file;
    this.line = options.line;
  }
}
