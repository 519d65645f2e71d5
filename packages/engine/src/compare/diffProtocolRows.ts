/** A CSV row as parsed with named columns. */
export type CsvRow = Readonly<Record<string, string>>;

export type DiffProtocolRowsOptions = {
  readonly actual: readonly CsvRow[];
  readonly expected: readonly CsvRow[];
  /** Numbers agree when |a - b| <= relativeTolerance * max(|a|, |b|) + 1e-15 (default 1e-9). */
  readonly relativeTolerance?: number;
  /** Prefix of each message, e.g. the file name. */
  readonly label: string;
  /** Stop after this many differences (default 20). */
  readonly maxDifferences?: number;
};

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Compares protocol CSV rows cell by cell the way the oracle is defined (../shared/expected
 * README): numbers within a relative tolerance, every other cell exactly, same columns and
 * row count. Returns one message per difference (`label row N column: got X, expected Y`,
 * N the file line), empty when the files agree.
 */
export function diffProtocolRows(options: DiffProtocolRowsOptions): string[] {
  const { actual, expected, label } = options;
  const tolerance = options.relativeTolerance ?? 1e-9;
  const limit = options.maxDifferences ?? 20;
  const differences: string[] = [];
  if (actual.length !== expected.length) differences.push(`${label}: ${actual.length} rows, expected ${expected.length}`);
  const rows = Math.min(actual.length, expected.length);
  for (let r = 0; r < rows && differences.length < limit; r++) {
    const got = actual[r] as CsvRow;
    const want = expected[r] as CsvRow;
    const line = r + 2;
    const gotColumns = Object.keys(got).join(',');
    const wantColumns = Object.keys(want).join(',');
    if (gotColumns !== wantColumns) {
      differences.push(`${label} row ${line}: columns ${gotColumns}, expected ${wantColumns}`);
      continue;
    }
    for (const [column, wantText] of Object.entries(want)) {
      const gotText = got[column] ?? '';
      if (gotText === wantText) continue;
      if (NUMBER.test(wantText) && NUMBER.test(gotText)) {
        const a = Number(gotText);
        const b = Number(wantText);
        if (Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b)) + 1e-15) continue;
      }
      differences.push(`${label} row ${line} ${column}: got "${gotText}", expected "${wantText}"`);
      if (differences.length >= limit) break;
    }
  }
  return differences;
}
