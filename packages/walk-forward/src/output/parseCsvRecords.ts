/** One CSV record with the byte range of its text (including its line break). */
export type CsvRecord = {
  readonly fields: string[];
  /** Offset of the record's first character in the text. */
  readonly start: number;
  /** Offset just past its terminating `\n`. */
  readonly end: number;
};

/** The records of a CSV text and where its last complete record ends. */
export type ParsedCsv = {
  readonly records: CsvRecord[];
  /**
   * Length of the text up to the end of the last `\n`-terminated record; anything after it
   * is a torn (partially written) last line.
   */
  readonly completeLength: number;
};

/**
 * Parses RFC 4180 CSV text as written by csv-stringify (`\n` line ends, `"` quotes doubled
 * inside quoted fields). Only `\n`-terminated records are returned: a last record without its
 * line break is torn and left out. Offsets are string indices; the files are written from the
 * same strings, and every protocol field is ASCII, so they are also byte offsets.
 */
export function parseCsvRecords(text: string): ParsedCsv {
  const records: CsvRecord[] = [];
  let start = 0;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (quoted) {
      if (ch === 34 /* " */) {
        if (text.charCodeAt(i + 1) === 34) {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += text[i];
      }
      i++;
      continue;
    }
    if (ch === 34) {
      quoted = true;
    } else if (ch === 44 /* , */) {
      fields.push(field);
      field = '';
    } else if (ch === 10 /* \n */) {
      fields.push(field);
      records.push({ fields, start, end: i + 1 });
      fields = [];
      field = '';
      start = i + 1;
    } else if (ch !== 13 /* \r */) {
      field += text[i];
    }
    i++;
  }
  return { records, completeLength: start };
}
