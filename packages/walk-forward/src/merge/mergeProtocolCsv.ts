import { parseCsvRecords } from '../output/parseCsvRecords.js';
import { MergeError } from './MergeError.js';

export type MergeProtocolCsvOptions = {
  /** The file name, for messages. */
  readonly name: string;
  /** The text of the same protocol file from each shard (any order). */
  readonly texts: readonly string[];
};

/**
 * Merges one protocol file's shard copies in protocol order (PROTOCOL section 9): rows by
 * factor (code-point order), then window (numeric), keeping each shard's order within a
 * window (train before test, days and candidates ascending). Rows are copied byte for byte,
 * never reformatted, so merging the shards of any shard count gives the file a single shard
 * writes. Each factor must come from one shard only; every copy must have the same header.
 * A torn last line (no line break) is an error here: merge complete shards only.
 */
export function mergeProtocolCsv(options: MergeProtocolCsvOptions): string {
  const { name, texts } = options;
  let header: string | null = null;
  const rows: { factor: string; window: number; order: number; text: string }[] = [];
  const owner = new Map<string, number>();
  for (let s = 0; s < texts.length; s++) {
    const text = texts[s] as string;
    const parsed = parseCsvRecords(text);
    if (parsed.completeLength !== text.length) throw new MergeError({ file: name, problem: `shard copy ${s} ends with a torn line` });
    const [first, ...records] = parsed.records;
    if (first === undefined) throw new MergeError({ file: name, problem: `shard copy ${s} has no header` });
    const headerText = text.slice(first.start, first.end);
    if (header === null) header = headerText;
    else if (header !== headerText) throw new MergeError({ file: name, problem: `shard copy ${s} has a different header` });
    for (const record of records) {
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
