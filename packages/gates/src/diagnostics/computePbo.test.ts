import { describe, expect, test } from 'vitest';
import { computePbo, doubledAverageRank } from './computePbo.js';
import { mulberry32 } from '../../../../test-support/mulberry32.js';

function normals(random: () => number, n: number, mean: number, sd: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = Math.max(random(), 1e-12);
    out.push(mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random()));
  }
  return out;
}

/** Column-major matrix from columns. */
function matrixOf(columns: readonly (readonly number[])[]): { matrix: Float64Array; rows: number; columns: number } {
  const rows = columns[0]?.length ?? 0;
  const matrix = new Float64Array(rows * columns.length);
  columns.forEach((column, k) => matrix.set(column, k * rows));
  return { matrix, rows, columns: columns.length };
}

/**
 * PROTOCOL section 8b written out directly: rows of J gathered, two-pass mean and std,
 * "all equal" by comparing values, average ranks by sorting, lambda = ln(w/(1-w)).
 */
function directPbo(columns: readonly (readonly number[])[]): number {
  const K = columns.length;
  const T = columns[0]!.length;
  const block = (t: number): number => {
    for (let b = 0; b < 16; b++) if (t >= Math.floor((b * T) / 16) && t < Math.floor(((b + 1) * T) / 16)) return b;
    return -1;
  };
  const sharpe = (values: number[]): number => {
    if (values.length < 2 || values.every((v) => v === values[0])) return NaN;
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
    return m / sd;
  };
  let count = 0;
  let splits = 0;
  for (let mask = 0; mask < 65536; mask++) {
    let bits = 0;
    for (let b = 0; b < 16; b++) bits += (mask >> b) & 1;
    if (bits !== 8) continue;
    splits++;
    const inSr = columns.map((c) => sharpe(c.filter((_, t) => (mask >> block(t)) & 1)));
    const outSr = columns.map((c) => sharpe(c.filter((_, t) => !((mask >> block(t)) & 1))));
    let best = 0;
    for (let k = 1; k < K; k++) if (inSr[k]! > inSr[best]! || (Number.isNaN(inSr[best]!) && !Number.isNaN(inSr[k]!))) best = k;
    const key = (v: number): number => (Number.isNaN(v) ? -Infinity : v);
    const sorted = outSr.map(key).sort((a, b) => a - b);
    const v = key(outSr[best]!);
    const first = sorted.indexOf(v) + 1;
    const last = sorted.lastIndexOf(v) + 1;
    const r = (first + last) / 2;
    const w = r / (K + 1);
    if (Math.log(w / (1 - w)) <= 0) count++;
  }
  return count / splits;
}

describe('computePbo', () => {
  test('is near one half for pure-noise candidates', () => {
    const random = mulberry32(7);
    const columns = Array.from({ length: 10 }, () => normals(random, 320, 0, 0.01));
    const pbo = computePbo(matrixOf(columns));
    expect(pbo).toBeGreaterThan(0.3);
    expect(pbo).toBeLessThan(0.7);
  });

  test('is near zero when one candidate dominates', () => {
    const random = mulberry32(11);
    const columns = Array.from({ length: 6 }, (_, k) => normals(random, 640, k === 3 ? 0.004 : 0, 0.01));
    expect(computePbo(matrixOf(columns))).toBeLessThan(0.02);
  });

  test('equals the direct reading of section 8b on small random matrices, with uneven blocks and a piecewise-constant column', () => {
    const random = mulberry32(3);
    const columns = Array.from({ length: 4 }, (_, k) => normals(random, 37, k * 0.001, 0.01));
    // Constant within each half: all-equal over J exactly when J lies in one half.
    columns.push(Array.from({ length: 37 }, (_, t) => (t < 18 ? 0.1 : 0.2)));
    // One NaN day: NaN SR only on the splits whose rows hold it.
    columns.push(normals(random, 37, 0.002, 0.01).map((x, t) => (t === 20 ? Number.NaN : x)));
    const pbo = computePbo(matrixOf(columns));
    expect(pbo).toBe(directPbo(columns));
    expect(pbo * 12870).toBe(Math.round(pbo * 12870));
  });

  test('gives identical columns identical Sharpe ratios: two equally good candidates tie out of sample and give pbo 1', () => {
    const random = mulberry32(5);
    const good = normals(random, 64, 0.003, 0.01);
    // 2r = 3 = K + 1 on every split: lambda = 0 counts as overfit.
    expect(computePbo(matrixOf([good, [...good]]))).toBe(1);
  });

  test('ties candidates that are equal over J exactly, whatever they hold outside it (section 8b: SR_J of the rows of J)', () => {
    // Two candidates that hold the same portfolio except on a few days of the last block (a
    // name one lookback cannot score yet): every split whose J or J' leaves that block out
    // must tie them exactly, as the direct reading does; a shift by each column's overall
    // mean made those ties a matter of rounding.
    const random = mulberry32(13);
    const a = normals(random, 300, 0.0004, 0.01);
    const b = a.map((x, t) => (t >= 290 ? x + 0.003 : x));
    const c = normals(random, 300, 0.0002, 0.01);
    for (const columns of [[a, b], [b, a], [a, b, c], [c, b, a]]) expect(computePbo(matrixOf(columns))).toBe(directPbo(columns));
  });

  test('ranks a NaN column lowest: never selected over a number, and a number above it out of sample', () => {
    const random = mulberry32(9);
    const noise = normals(random, 48, 0, 0.01);
    const nanColumn = new Array<number>(48).fill(Number.NaN);
    expect(computePbo(matrixOf([nanColumn, noise]))).toBe(0);
    expect(computePbo(matrixOf([noise, nanColumn]))).toBe(0);
  });

  test('treats constant columns as NaN Sharpe ratios, decided on the values', () => {
    // Both NaN everywhere: n* = 0, rank 1.5 of 2, 2r = 3 <= 3 on every split.
    expect(computePbo(matrixOf([new Array(32).fill(0.1), new Array(32).fill(0.3)]))).toBe(1);
  });

  test('is NaN with fewer than 2 candidates or 32 rows', () => {
    const random = mulberry32(1);
    expect(computePbo(matrixOf([normals(random, 100, 0, 1)]))).toBeNaN();
    expect(computePbo(matrixOf([normals(random, 31, 0, 1), normals(random, 31, 0, 1)]))).toBeNaN();
    expect(computePbo(matrixOf([normals(random, 32, 0, 1), normals(random, 32, 0, 1)]))).not.toBeNaN();
  });
});

describe('doubledAverageRank', () => {
  test('gives twice the average rank with NaN lowest and ties averaged', () => {
    const values = Float64Array.of(1, Number.NaN, 1, 3);
    // ranks: NaN 1, the two 1s 2 and 3 (average 2.5), 3 is 4
    expect(doubledAverageRank(values, 0)).toBe(5);
    expect(doubledAverageRank(values, 2)).toBe(5);
    expect(doubledAverageRank(values, 1)).toBe(2);
    expect(doubledAverageRank(values, 3)).toBe(8);
    expect(doubledAverageRank(Float64Array.of(Number.NaN, Number.NaN), 1)).toBe(3);
  });
});
