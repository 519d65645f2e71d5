import { WfError } from '@wf/engine';

/** A resumed sweep differs from the one that wrote the output folder. */
export class ResumeMismatchError extends WfError {
  readonly outDir: string;
  readonly detail: string;

  constructor(outDir: string, detail: string) {
    super('RESUME_MISMATCH', `cannot resume the sweep in ${outDir}: ${detail}`);
    this.outDir = outDir;
    this.detail = detail;
  }
}
