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
  let i = 0;
  const n = text.length;
  while (i < n) {
    // One field: unquoted text is sliced in one piece (no per-character strings to collect).
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      field = '';
      i++;
      for (;;) {
        if (i >= n) return { records, completeLength: start }; // torn inside quotes
        const ch = text.charCodeAt(i);
        if (ch === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        const from = i;
        while (i < n && text.charCodeAt(i) !== 34) i++;
        field += text.slice(from, i);
      }
      // Text after the closing quote up to the delimiter joins the field (as before).
      const from = i;
      while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
      field += stripCr(text.slice(from, i));
    } else {
      const from = i;
      while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
      field = stripCr(text.slice(from, i));
    }
    if (i >= n) break; // torn last record
    fields.push(field);
    if (text.charCodeAt(i) === 10 /* \n */) {
      records.push({ fields, start, end: i + 1 });
      fields = [];
      start = i + 1;
    }
    i++;
  }
  return { records, completeLength: start };
}

function isDelimiter(ch: number): boolean {
  return ch === 44 /* , */ || ch === 10 /* \n */;
}

/** A CR inside an unquoted field is dropped, as the character parser did ("\r\n" line ends). */
function stripCr(field: string): string {
  return field.includes('\r') ? field.replaceAll('\r', '') : field;
}
