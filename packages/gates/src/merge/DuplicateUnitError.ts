import { WfError } from '@wf/engine';

/**
 * A shard file repeats a row key (a (factor, window) unit, or its segment, day or candidate):
 * two writers appended to one shard folder, or a file was edited. Never merged: a repeated
 * unit would count twice in every gate metric.
 */
export class DuplicateUnitError extends WfError {
  /** The shard file (path, or the file name when merging texts). */
  readonly file: string;
  /** 1-based line of the repeat. */
  readonly line: number;
  /** The key, `column=value` joined by `, `. */
  readonly key: string;
  readonly firstFile: string;
  readonly firstLine: number;

  constructor(facts: { file: string; line: number; key: string; firstFile: string; firstLine: number }) {
    const where = facts.firstFile === facts.file ? `line ${facts.firstLine}` : `line ${facts.firstLine} of ${facts.firstFile}`;
    super(
      'MERGE_DUPLICATE_UNIT',
      `cannot merge ${facts.file} line ${facts.line}: (${facts.key}) repeats ${where}; every unit must be written once (did two runs write into one shard folder?)`,
    );
    this.file = facts.file;
    this.line = facts.line;
    this.key = facts.key;
    this.firstFile = facts.firstFile;
    this.firstLine = facts.firstLine;
  }
}
