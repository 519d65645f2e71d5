import { WfError } from '@wf/engine';

/** The output folder already holds files and neither `--resume` nor `--force` was given. */
export class OutputDirNotEmptyError extends WfError {
  readonly outDir: string;
  readonly entries: readonly string[];

  constructor(facts: { outDir: string; entries: readonly string[] }) {
    const shown = facts.entries.slice(0, 3).join(', ') + (facts.entries.length > 3 ? ', ...' : '');
    super(
      'OUTPUT_DIR_NOT_EMPTY',
      `output folder ${facts.outDir} is not empty (${shown}); pass --resume to continue it or --force to overwrite it`,
    );
    this.outDir = facts.outDir;
    this.entries = facts.entries;
  }
}
