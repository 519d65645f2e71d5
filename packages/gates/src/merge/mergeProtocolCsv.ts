import { parseCsvRecords } from '@wf/walk-forward';
import { DuplicateUnitError, MergeError } from '../errors.js';

/**
 * The columns that identify a row of each protocol file: no two rows of a merge may share
 * them. A (factor, window) unit has one summary row, one audit row per segment, one daily
 * row per test date and one candidates row per candidate.
 */
export const PROTOCOL_ROW_KEYS: Readonly<Record<string, readonly string[]>> = {
  'walk_forward_summary.csv': ['factor', 'window'],
  'universe_audit.csv': ['factor', 'window', 'segment'],
  'oos_daily.csv': ['factor', 'window', 'date'],
  'candidates.csv': ['factor', 'window', 'candidate'],
};

export type MergeProtocolCsvOptions = {
  /** The file name, for messages. */
  readonly name: string;
  /** The text of the same protocol file from each shard (any order). */
  readonly texts: readonly string[];
  /** Where each text came from (its path), for messages; default `<name> (shard copy <s>)`. */
  readonly sources?: readonly string[];
  /** Columns identifying a row (a repeat is refused); default PROTOCOL_ROW_KEYS[name], else (factor, window). */
  readonly keyColumns?: readonly string[];
};

/**
 * Merges one protocol file's shard copies in protocol order (PROTOCOL section 9): rows by
 * factor (code-point order), then window (numeric), keeping each shard's order within a
 * window (train before test, days and candidates ascending). Rows are copied byte for byte,
 * never reformatted, so merging the shards of any shard count gives the file a single shard
 * writes. Each factor must come from one shard only; every copy must have the same header.
 * A torn last line (no line break) is an error here: merge complete shards only. A row
 * whose key (`keyColumns`) repeats an earlier row's is refused with DuplicateUnitError,
 * naming the file and both lines.
 */
export function mergeProtocolCsv(options: MergeProtocolCsvOptions): string {
  const { name, texts } = options;
  let header: string | null = null;
  const rows: { factor: string; window: number; order: number; text: string }[] = [];
  const owner = new Map<string, number>();
  const keyColumns = options.keyColumns ?? PROTOCOL_ROW_KEYS[name] ?? ['factor', 'window'];
  let keyIndices: number[] = [];
  const firstSeen = new Map<string, { source: string; line: number }>();
  for (let s = 0; s < texts.length; s++) {
    const text = texts[s] as string;
    const source = options.sources?.[s] ?? `${name} (shard copy ${s})`;
    const parsed = parseCsvRecords(text);
    if (parsed.completeLength !== text.length) throw new MergeError({ file: name, problem: `shard copy ${s} ends with a torn line` });
    const [first, ...records] = parsed.records;
    if (first === undefined) throw new MergeError({ file: name, problem: `shard copy ${s} has no header` });
    const headerText = text.slice(first.start, first.end);
    if (header === null) {
      header = headerText;
      keyIndices = keyColumns.map((column) => {
        const index = first.fields.indexOf(column);
        if (index < 0) throw new MergeError({ file: name, problem: `its header has no ${column} column` });
        return index;
      });
    } else if (header !== headerText) throw new MergeError({ file: name, problem: `shard copy ${s} has a different header` });
    let line = 2;
    let counted = first.end;
    for (const record of records) {
      for (let i = counted; i < record.start; i++) if (text.charCodeAt(i) === 10) line++;
      counted = record.start;
      const key = keyIndices.map((index, k) => `${keyColumns[k] as string}=${record.fields[index] ?? ''}`).join(', ');
      const earlier = firstSeen.get(key);
      if (earlier !== undefined) throw new DuplicateUnitError({ file: source, line, key, firstFile: earlier.source, firstLine: earlier.line });
      firstSeen.set(key, { source, line });
      const factor = record.fields[0] ?? '';
      const window = Number(record.fields[1]);
      const seen = owner.get(factor);
      if (seen === undefined) owner.set(factor, s);
      else if (seen !== s) throw new MergeError({ file: name, problem: `factor ${factor} appears in shard copies ${seen} and ${s}` });
      rows.push({ factor, window, order: rows.length, text: text.slice(record.start, record.end) });
    }
  }
  if (header === null) throw new MergeError({ file: name, problem: 'there is no shard copy' });
  rows.sort((a, b) => (a.factor < b.factor ? -1 : a.factor > b.factor ? 1 : a.window - b.window || a.order - b.order));
  let out = header;
  for (const row of rows) out += row.text;
  return out;
}
