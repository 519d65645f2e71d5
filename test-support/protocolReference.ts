/**
 * Independent, deliberately naive reference implementation of protocol v2 (PROTOCOL.md),
 * written from the protocol text alone, for use as a test oracle.
 *
 * Plain loops, rolling windows recomputed from scratch for every date, plain sorts for
 * ranks. Only the ledger is read (never appended). No speed tricks beyond memoising each
 * candidate's score matrix, target weights and daily ICs (pure functions of the date).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';

export type ReferenceRow = Record<string, string>;
export type ReferenceOutputs = {
  /** walk_forward_summary.csv rows (section 9 columns, in file order: factor id order, then window) */
  readonly walkForwardSummary: ReferenceRow[];
  /** universe_audit.csv rows (factor, window, train before test) */
  readonly universeAudit: ReferenceRow[];
  /** gate_report.csv rows (factor id order) */
  readonly gateReport: ReferenceRow[];
};

// ---------------------------------------------------------------------------------------
// Small numeric helpers

/** Neumaier compensated sum, in the given order. */
function sum(xs: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    if (Math.abs(s) >= Math.abs(x)) c += s - t + x;
    else c += x - t + s;
    s = t;
  }
  return s + c;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : sum(xs) / xs.length;
}

function allEqual(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] !== xs[0]) return false;
  return true;
}

/** Sample standard deviation (ddof 1); exactly 0 when every value is equal; NaN when n < 2. */
function sampleStd(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  if (allEqual(xs)) return 0;
  const m = mean(xs);
  const dev: number[] = [];
  for (const x of xs) dev.push((x - m) * (x - m));
  return Math.sqrt(sum(dev) / (n - 1));
}

function fin(x: number | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Code-point order comparison of two strings. */
function cmpCodePoint(a: string, b: string): number {
  const A = Array.from(a);
  const B = Array.from(b);
  const n = Math.min(A.length, B.length);
  for (let i = 0; i < n; i++) {
    const x = A[i]!.codePointAt(0)!;
    const y = B[i]!.codePointAt(0)!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return A.length - B.length;
}

/** erfc with ~1e-15 relative accuracy: series for small x, continued fraction for large x. */
function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_{n>=0} 2^n x^(2n+1) / (1*3*...*(2n+1))
    let term = x;
    let s = x;
    for (let n = 1; n < 1000; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      s += term;
      if (term <= s * 1e-18) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * s;
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  let t = x;
  for (let n = 4000; n >= 1; n--) t = x + n / 2 / t;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
}

function Phi(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Inverse normal CDF by plain bisection on Phi. */
function PhiInv(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 3000; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (Phi(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function numText(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

// ---------------------------------------------------------------------------------------
// CSV

type Csv = { header: string[]; rows: { line: number; fields: string[] }[] };

function readCsv(path: string): Csv {
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new Error(`${path}: empty file`);
  const header = lines[0]!.split(',').map((h) => h.trim());
  const rows: { line: number; fields: string[] }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i]!.split(',');
    if (fields.length !== header.length) throw new Error(`${path}:${i + 1}: expected ${header.length} fields`);
    rows.push({ line: i + 1, fields });
  }
  return { header, rows };
}

function col(csv: Csv, name: string, path: string): number {
  const i = csv.header.indexOf(name);
  if (i < 0) throw new Error(`${path}: missing column ${name}`);
  return i;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function parseNum(field: string, path: string, line: number): number {
  const f = field.trim();
  if (f === '') return NaN;
  const x = Number(f);
  if (Number.isNaN(x)) throw new Error(`${path}:${line}: unparsable number '${field}'`);
  return x;
}

/** Symbol files of a folder: `<SYMBOL>_data.csv` or `<SYMBOL>.csv`. */
function symbolFiles(folder: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(folder)) {
    let sym: string;
    if (name.endsWith('_data.csv')) sym = name.slice(0, -'_data.csv'.length);
    else if (name.endsWith('.csv')) sym = name.slice(0, -'.csv'.length);
    else continue;
    if (sym === '') continue;
    if (out.has(sym)) throw new Error(`${folder}: two files for symbol ${sym}`);
    out.set(sym, join(folder, name));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Panel

type Panel = {
  dates: string[];
  symbols: string[];
  /** per symbol, per date */
  C: number[][];
  H: number[][];
  V: number[][];
  DV: number[][];
  r: number[][];
  MC: number[][] | null;
};

function loadPanel(pricesDir: string, mcapDir: string | null, calendarPath: string | null): Panel {
  const files = symbolFiles(pricesDir);
  const symbols = [...files.keys()].sort(cmpCodePoint);
  type Rows = { date: string; line: number; o: number; h: number; l: number; c: number; v: number }[];
  const perSym = new Map<string, Rows>();
  for (const sym of symbols) {
    const path = files.get(sym)!;
    const csv = readCsv(path);
    const iD = col(csv, 'date', path);
    const iO = col(csv, 'open', path);
    const iH = col(csv, 'high', path);
    const iL = col(csv, 'low', path);
    const iC = col(csv, 'close', path);
    const iV = col(csv, 'volume', path);
    const rows: Rows = [];
    let prev = '';
    for (const { line, fields } of csv.rows) {
      const date = fields[iD]!.trim();
      if (!DATE_RE.test(date)) throw new Error(`${path}:${line}: bad date '${date}'`);
      if (prev !== '' && !(date > prev)) throw new Error(`${path}:${line}: duplicate or unsorted date ${date}`);
      prev = date;
      const o = parseNum(fields[iO]!, path, line);
      const h = parseNum(fields[iH]!, path, line);
      const l = parseNum(fields[iL]!, path, line);
      const c = parseNum(fields[iC]!, path, line);
      const v = parseNum(fields[iV]!, path, line);
      for (const x of [o, h, l, c, v]) if (x < 0) throw new Error(`${path}:${line}: negative price or volume`);
      rows.push({ date, line, o, h, l, c, v });
    }
    perSym.set(sym, rows);
  }
  let dates: string[];
  if (calendarPath !== null) {
    const csv = readCsv(calendarPath);
    const iD = col(csv, 'date', calendarPath);
    dates = [];
    for (const { line, fields } of csv.rows) {
      const d = fields[iD]!.trim();
      if (!DATE_RE.test(d)) throw new Error(`${calendarPath}:${line}: bad date`);
      if (dates.length > 0 && !(d > dates[dates.length - 1]!)) throw new Error(`${calendarPath}:${line}: not strictly increasing`);
      dates.push(d);
    }
  } else {
    const set = new Set<string>();
    for (const rows of perSym.values()) for (const r of rows) set.add(r.date);
    dates = [...set].sort(cmpCodePoint);
  }
  const T = dates.length;
  const idx = new Map<string, number>();
  dates.forEach((d, i) => idx.set(d, i));
  const C: number[][] = [];
  const H: number[][] = [];
  const V: number[][] = [];
  for (const sym of symbols) {
    const c = new Array<number>(T).fill(NaN);
    const h = new Array<number>(T).fill(NaN);
    const v = new Array<number>(T).fill(NaN);
    for (const row of perSym.get(sym)!) {
      const t = idx.get(row.date);
      if (t === undefined) throw new Error(`${files.get(sym)!}:${row.line}: date ${row.date} off the calendar`);
      c[t] = row.c;
      h[t] = row.h;
      v[t] = row.v;
    }
    C.push(c);
    H.push(h);
    V.push(v);
  }
  const DV: number[][] = [];
  const r: number[][] = [];
  for (let s = 0; s < symbols.length; s++) {
    const dv = new Array<number>(T).fill(NaN);
    const rr = new Array<number>(T).fill(NaN);
    for (let t = 0; t < T; t++) {
      const c = C[s]![t]!;
      const v = V[s]![t]!;
      dv[t] = c * v; // NaN if either is NaN
      if (t >= 1) {
        const p = C[s]![t - 1]!;
        if (fin(c) && c > 0 && fin(p) && p > 0) rr[t] = c / p - 1;
      }
    }
    DV.push(dv);
    r.push(rr);
  }
  let MC: number[][] | null = null;
  if (mcapDir !== null) {
    const mfiles = symbolFiles(mcapDir);
    MC = [];
    for (const sym of symbols) {
      const m = new Array<number>(T).fill(NaN);
      const path = mfiles.get(sym);
      if (path !== undefined) {
        const csv = readCsv(path);
        const iD = col(csv, 'date', path);
        const iM = col(csv, 'market_cap', path);
        let prev = '';
        for (const { line, fields } of csv.rows) {
          const date = fields[iD]!.trim();
          if (!DATE_RE.test(date)) throw new Error(`${path}:${line}: bad date`);
          if (prev !== '' && !(date > prev)) throw new Error(`${path}:${line}: duplicate or unsorted date`);
          prev = date;
          const x = parseNum(fields[iM]!, path, line);
          if (x < 0 || x === Infinity) throw new Error(`${path}:${line}: negative or infinite market cap`);
          const t = idx.get(date);
          if (t === undefined) {
            if (calendarPath !== null) throw new Error(`${path}:${line}: date ${date} off the calendar`);
            continue;
          }
          m[t] = x;
        }
      }
      MC.push(m);
    }
  }
  return { dates, symbols, C, H, V, DV, r, MC };
}

// ---------------------------------------------------------------------------------------
// Universe: status[t][s] = 0 eligible, 1 no_price, 2 history, 3 price, 4 liquidity, 5 rank

type UniverseCfg = { minHistory: number; minPrice: number; minDollarVolume: number; topN: number | null };

function validClose(x: number | undefined): boolean {
  return fin(x) && x > 0;
}

function universeStatus(p: Panel, u: UniverseCfg): number[][] {
  const T = p.dates.length;
  const N = p.symbols.length;
  const status: number[][] = [];
  for (let t = 0; t < T; t++) {
    const st = new Array<number>(N).fill(0);
    const meanDv = new Array<number>(N).fill(NaN);
    for (let s = 0; s < N; s++) {
      const C = p.C[s]!;
      if (!validClose(C[t])) {
        st[s] = 1;
        continue;
      }
      let k = 0;
      while (k < u.minHistory && t - k >= 0 && validClose(C[t - k])) k++;
      if (k < u.minHistory) {
        st[s] = 2;
        continue;
      }
      if (C[t]! < u.minPrice) {
        st[s] = 3;
        continue;
      }
      if (t - 19 < 0) {
        st[s] = 4;
        continue;
      }
      const win: number[] = [];
      let ok = true;
      for (let j = t - 19; j <= t; j++) {
        const x = p.DV[s]![j]!;
        if (!fin(x)) ok = false;
        win.push(x);
      }
      if (!ok) {
        st[s] = 4;
        continue;
      }
      const m = mean(win);
      if (m < u.minDollarVolume) {
        st[s] = 4;
        continue;
      }
      meanDv[s] = m;
    }
    if (u.topN !== null) {
      const ranked: { s: number; key: number }[] = [];
      for (let s = 0; s < N; s++) {
        if (st[s] !== 0) continue;
        const key = p.MC !== null ? p.MC[s]![t]! : meanDv[s]!;
        if (!fin(key)) {
          st[s] = 5;
          continue;
        }
        ranked.push({ s, key });
      }
      ranked.sort((a, b) => (a.key > b.key ? -1 : a.key < b.key ? 1 : cmpCodePoint(p.symbols[a.s]!, p.symbols[b.s]!)));
      for (let i = u.topN; i < ranked.length; i++) st[ranked[i]!.s] = 5;
    }
    status.push(st);
  }
  return status;
}

// ---------------------------------------------------------------------------------------
// Factors

type Params = Record<string, number>;

const DEFAULTS: Record<string, Params> = {
  momentum: { lookback: 252, skip: 21 },
  reversal: { lookback: 5 },
  low_volatility: { lookback: 20 },
  ma_cross: { fast: 20, slow: 100 },
  macd: { fast: 12, slow: 26, signal: 9 },
  rsi: { period: 14 },
  bollinger: { period: 20 },
  high_52w: { lookback: 252 },
  low_liquidity: { lookback: 20 },
  amihud: { lookback: 20 },
};

function satisfiesConstraints(id: string, p: Params): boolean {
  if (id === 'momentum') return p.skip! < p.lookback!;
  if (id === 'ma_cross' || id === 'macd') return p.fast! < p.slow!;
  return true;
}

function canonical(p: Params): string {
  return Object.keys(p)
    .sort(cmpCodePoint)
    .map((k) => `${k}=${String(p[k])}`)
    .join(';');
}

/** Values x[lo..hi] if lo >= 0 and all finite, else null. */
function finiteWindow(x: readonly number[], lo: number, hi: number): number[] | null {
  if (lo < 0) return null;
  const out: number[] = [];
  for (let j = lo; j <= hi; j++) {
    const v = x[j];
    if (!fin(v)) return null;
    out.push(v);
  }
  return out;
}

function ema(x: readonly number[], n: number): number[] {
  const alpha = 2 / (n + 1);
  const out = new Array<number>(x.length).fill(NaN);
  let e = NaN;
  let seen = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    if (fin(v)) {
      if (seen === 0) e = v;
      else e = alpha * v + (1 - alpha) * e;
      seen++;
    }
    if (seen >= n) out[t] = e;
  }
  return out;
}

/** Score of one symbol on every date. */
function factorScores(id: string, p: Params, panel: Panel, s: number): number[] {
  const C = panel.C[s]!;
  const H = panel.H[s]!;
  const DV = panel.DV[s]!;
  const r = panel.r[s]!;
  const T = panel.dates.length;
  const out = new Array<number>(T).fill(NaN);
  if (id === 'macd') {
    const ef = ema(C, p.fast!);
    const es = ema(C, p.slow!);
    const M = new Array<number>(T).fill(NaN);
    for (let t = 0; t < T; t++) M[t] = fin(C[t]) ? ef[t]! - es[t]! : NaN;
    const sig = ema(M, p.signal!);
    for (let t = 0; t < T; t++) out[t] = (M[t]! - sig[t]!) / C[t]!;
  } else {
    for (let t = 0; t < T; t++) {
      let v = NaN;
      switch (id) {
        case 'momentum': {
          const L = p.lookback!;
          const k = p.skip!;
          if (t - L >= 0) {
            const a = C[t - k]!;
            const b = C[t - L]!;
            if (fin(a) && fin(b)) v = a / b - 1;
          }
          break;
        }
        case 'reversal': {
          const L = p.lookback!;
          if (t - L >= 0) {
            const a = C[t]!;
            const b = C[t - L]!;
            if (fin(a) && fin(b)) v = -(a / b - 1);
          }
          break;
        }
        case 'low_volatility': {
          const w = finiteWindow(r, t - p.lookback! + 1, t);
          if (w !== null) v = -sampleStd(w);
          break;
        }
        case 'ma_cross': {
          const wf = finiteWindow(C, t - p.fast! + 1, t);
          const ws = finiteWindow(C, t - p.slow! + 1, t);
          if (wf !== null && ws !== null) v = mean(wf) / mean(ws) - 1;
          break;
        }
        case 'rsi': {
          const P = p.period!;
          const w = finiteWindow(C, t - P, t);
          if (w !== null) {
            const gains: number[] = [];
            const losses: number[] = [];
            for (let j = 1; j <= P; j++) {
              const D = w[j]! - w[j - 1]!;
              gains.push(Math.max(D, 0));
              losses.push(Math.max(-D, 0));
            }
            const G = mean(gains);
            const Ls = mean(losses);
            let rsi: number;
            if (Ls === 0 && G > 0) rsi = 100;
            else if (Ls === 0 && G === 0) rsi = 50;
            else rsi = 100 - 100 / (1 + G / Ls);
            v = 50 - rsi;
          }
          break;
        }
        case 'bollinger': {
          const w = finiteWindow(C, t - p.period! + 1, t);
          if (w !== null) {
            const sd = sampleStd(w);
            if (sd !== 0) v = -(C[t]! - mean(w)) / sd;
          }
          break;
        }
        case 'high_52w': {
          const w = finiteWindow(H, t - p.lookback! + 1, t);
          if (w !== null && fin(C[t])) {
            let mx = -Infinity;
            for (const x of w) if (x > mx) mx = x;
            v = C[t]! / mx;
          }
          break;
        }
        case 'low_liquidity': {
          const w = finiteWindow(DV, t - p.lookback! + 1, t);
          if (w !== null) v = -Math.log(mean(w));
          break;
        }
        case 'amihud': {
          const L = p.lookback!;
          const wr = finiteWindow(r, t - L + 1, t);
          const wd = finiteWindow(DV, t - L + 1, t);
          if (wr !== null && wd !== null && !wd.some((x) => x === 0)) {
            const terms: number[] = [];
            for (let j = 0; j < L; j++) terms.push(Math.abs(wr[j]!) / wd[j]!);
            v = mean(terms);
          }
          break;
        }
        default:
          throw new Error(`unknown factor ${id}`);
      }
      out[t] = v;
    }
  }
  for (let t = 0; t < T; t++) if (!fin(out[t])) out[t] = NaN;
  return out;
}

// ---------------------------------------------------------------------------------------
// Portfolio simulation for one candidate

type PortfolioCfg = {
  construction: 'quantile_long_short' | 'long_only' | 'time_series';
  quantiles: number;
  holdingDays: number;
  costBps: number;
  minNames: number;
};

type Target = { idx: number[]; w: number[] };

type SegmentResult = {
  R: number[];
  IC: number[];
  turnovers: number[];
  scoredCounts: number[];
};

type Metrics = {
  days: number;
  total_return: number;
  ann_return: number;
  ann_vol: number;
  sharpe: number;
  max_drawdown: number;
  turnover: number;
  hit_rate: number;
  mean_ic: number;
  ic_std: number;
  ic_tstat: number;
  universe_mean: number;
};

class Candidate {
  readonly score: number[][]; // [symbol][t]
  readonly scored: number[][]; // [t] -> symbol indices of S(t), ascending
  private readonly targets = new Map<number, Target>();
  private readonly ics = new Map<number, number>();

  constructor(
    readonly id: string,
    readonly params: Params,
    readonly text: string,
    private readonly panel: Panel,
    status: number[][],
    private readonly pf: PortfolioCfg,
  ) {
    this.score = panel.symbols.map((_, s) => factorScores(id, params, panel, s));
    this.scored = [];
    for (let t = 0; t < panel.dates.length; t++) {
      const S: number[] = [];
      for (let s = 0; s < panel.symbols.length; s++) {
        if (status[t]![s] === 0 && fin(this.score[s]![t])) S.push(s);
      }
      this.scored.push(S);
    }
  }

  target(t: number): Target {
    const cached = this.targets.get(t);
    if (cached !== undefined) return cached;
    const S = this.scored[t]!;
    const n = S.length;
    const res: Target = { idx: [], w: [] };
    if (n >= this.pf.minNames) {
      const order = S.slice().sort((a, b) => {
        const x = this.score[a]![t]!;
        const y = this.score[b]![t]!;
        return x < y ? -1 : x > y ? 1 : cmpCodePoint(this.panel.symbols[a]!, this.panel.symbols[b]!);
      });
      const Q = this.pf.quantiles;
      const q = new Map<number, number>();
      order.forEach((s, pos) => q.set(s, Math.floor((pos * Q) / n) + 1));
      let nTop = 0;
      let nBot = 0;
      for (const s of S) {
        if (q.get(s) === Q) nTop++;
        if (q.get(s) === 1) nBot++;
      }
      for (const s of S) {
        let w = 0;
        const qs = q.get(s)!;
        if (this.pf.construction === 'quantile_long_short') {
          if (qs === Q) w += 1 / nTop;
          if (qs === 1) w += -1 / nBot;
        } else if (this.pf.construction === 'long_only') {
          if (qs === Q) w = 1 / nTop;
        } else {
          w = Math.sign(this.score[s]![t]!) / n;
        }
        if (w !== 0) {
          res.idx.push(s);
          res.w.push(w);
        }
      }
    }
    this.targets.set(t, res);
    return res;
  }

  /** Daily IC of realized day d (scores of d-1 against r[d] over S(d-1)). */
  ic(d: number): number {
    const cached = this.ics.get(d);
    if (cached !== undefined) return cached;
    const xs: number[] = [];
    const ys: number[] = [];
    for (const s of this.scored[d - 1]!) {
      const rr = this.panel.r[s]![d]!;
      if (!fin(rr)) continue;
      xs.push(this.score[s]![d - 1]!);
      ys.push(rr);
    }
    let v = NaN;
    if (xs.length >= this.pf.minNames && !allEqual(xs) && !allEqual(ys)) v = spearman(xs, ys);
    this.ics.set(d, v);
    return v;
  }

  simulate(a: number, b: number): SegmentResult {
    const h = this.pf.holdingDays;
    let held: Target = { idx: [], w: [] };
    const R: number[] = [];
    const IC: number[] = [];
    const turnovers: number[] = [];
    const scoredCounts: number[] = [];
    for (let d = a; d <= b; d++) {
      const s = d - 1;
      let cost = 0;
      if ((s - (a - 1)) % h === 0) {
        const next = this.target(s);
        const to = turnover(held, next);
        turnovers.push(to);
        cost = (to * this.pf.costBps) / 1e4;
        held = next;
      }
      const terms: number[] = [];
      for (let i = 0; i < held.idx.length; i++) {
        const rr = this.panel.r[held.idx[i]!]![d]!;
        terms.push(held.w[i]! * (fin(rr) ? rr : 0));
      }
      R.push(sum(terms) - cost);
      IC.push(this.ic(d));
      scoredCounts.push(this.scored[s]!.length);
    }
    return { R, IC, turnovers, scoredCounts };
  }
}

function turnover(oldT: Target, newT: Target): number {
  const wOld = new Map<number, number>();
  const wNew = new Map<number, number>();
  for (let i = 0; i < oldT.idx.length; i++) wOld.set(oldT.idx[i]!, oldT.w[i]!);
  for (let i = 0; i < newT.idx.length; i++) wNew.set(newT.idx[i]!, newT.w[i]!);
  const keys = [...new Set([...wOld.keys(), ...wNew.keys()])].sort((x, y) => x - y);
  const terms: number[] = [];
  for (const k of keys) terms.push(Math.abs((wNew.get(k) ?? 0) - (wOld.get(k) ?? 0)));
  return sum(terms);
}

function averageRanks(xs: readonly number[]): number[] {
  const n = xs.length;
  const order = xs.map((_, i) => i).sort((a, b) => (xs[a]! < xs[b]! ? -1 : xs[a]! > xs[b]! ? 1 : a - b));
  const ranks = new Array<number>(n).fill(NaN);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && xs[order[j + 1]!] === xs[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

function spearman(xs: readonly number[], ys: readonly number[]): number {
  const rx = averageRanks(xs);
  const ry = averageRanks(ys);
  const mx = mean(rx);
  const my = mean(ry);
  const cov: number[] = [];
  const vx: number[] = [];
  const vy: number[] = [];
  for (let i = 0; i < rx.length; i++) {
    const dx = rx[i]! - mx;
    const dy = ry[i]! - my;
    cov.push(dx * dy);
    vx.push(dx * dx);
    vy.push(dy * dy);
  }
  return sum(cov) / Math.sqrt(sum(vx) * sum(vy));
}

/** Per-day Sharpe (mean/std of R), NaN if n < 2 or std is 0. */
function dailySharpe(R: readonly number[]): number {
  if (R.length < 2) return NaN;
  const sd = sampleStd(R);
  if (!(sd > 0)) return NaN;
  return mean(R) / sd;
}

function metrics(R: readonly number[], IC: readonly number[], turnovers: readonly number[], scoredCounts: readonly number[]): Metrics {
  const n = R.length;
  let E = 1;
  let peak = 1;
  let mdd = n > 0 ? 0 : NaN;
  let hits = 0;
  for (const x of R) {
    E *= 1 + x;
    if (E > peak) peak = E;
    const dd = 1 - E / Math.max(1, peak);
    if (dd > mdd) mdd = dd;
    if (x > 0) hits++;
  }
  const total = n > 0 ? E - 1 : NaN;
  const sd = sampleStd(R);
  const ds = dailySharpe(R);
  const fics = IC.filter((x) => fin(x));
  const micro = mean(fics);
  const icStd = sampleStd(fics);
  const tstat = fics.length < 2 || !(icStd > 0) ? NaN : (micro / icStd) * Math.sqrt(fics.length);
  return {
    days: n,
    total_return: total,
    ann_return: n > 0 ? Math.pow(1 + total, 252 / n) - 1 : NaN,
    ann_vol: sd * Math.sqrt(252),
    sharpe: ds * Math.sqrt(252),
    max_drawdown: mdd,
    turnover: n > 0 ? sum(turnovers) / n : NaN,
    hit_rate: n > 0 ? hits / n : NaN,
    mean_ic: micro,
    ic_std: icStd,
    ic_tstat: tstat,
    universe_mean: mean(scoredCounts),
  };
}

// ---------------------------------------------------------------------------------------
// pbo (CSCV, 16 blocks)

function srOver(col: readonly number[], blocks: readonly number[], bounds: readonly number[]): number {
  const vals: number[] = [];
  for (const b of blocks) for (let i = bounds[b]!; i < bounds[b + 1]!; i++) vals.push(col[i]!);
  if (vals.length < 2 || allEqual(vals)) return NaN;
  const n = vals.length;
  let s = 0;
  for (const v of vals) s += v;
  const m = s / n;
  let ss = 0;
  for (const v of vals) ss += (v - m) * (v - m);
  return m / Math.sqrt(ss / (n - 1));
}

function pbo(columns: readonly (readonly number[])[]): number {
  const K = columns.length;
  if (K < 2) return NaN;
  const T = columns[0]!.length;
  if (T < 32) return NaN;
  const S = 16;
  const bounds: number[] = [];
  for (let b = 0; b <= S; b++) bounds.push(Math.floor((b * T) / S));
  let total = 0;
  let overfit = 0;
  for (let mask = 0; mask < 1 << S; mask++) {
    const J: number[] = [];
    const Jc: number[] = [];
    for (let b = 0; b < S; b++) ((mask >> b) & 1 ? J : Jc).push(b);
    if (J.length !== S / 2) continue;
    total++;
    const srIn = columns.map((c) => srOver(c, J, bounds));
    const srOut = columns.map((c) => srOver(c, Jc, bounds));
    let best = 0;
    for (let k = 1; k < K; k++) {
      const x = srIn[k]!;
      const y = srIn[best]!;
      if (!Number.isNaN(x) && (Number.isNaN(y) || x > y)) best = k;
    }
    const v = srOut[best]!;
    let lower = 0;
    let equal = 0;
    for (let k = 0; k < K; k++) {
      const x = srOut[k]!;
      if (Number.isNaN(v)) {
        if (Number.isNaN(x)) equal++;
      } else if (Number.isNaN(x) || x < v) lower++;
      else if (x === v) equal++;
    }
    // average rank r = lower + (equal + 1)/2; lambda <= 0 iff 2r <= K + 1
    if (2 * lower + equal + 1 <= K + 1) overfit++;
  }
  if (total !== 12870) throw new Error('internal: expected 12870 choices');
  return overfit / total;
}

// ---------------------------------------------------------------------------------------
// Config

type GateName =
  | 'min_oos_sharpe'
  | 'min_oos_ic_tstat'
  | 'max_oos_drawdown'
  | 'min_positive_window_frac'
  | 'min_dsr'
  | 'min_universe_mean'
  | 'max_pbo'
  | 'min_param_stability'
  | 'max_oos_gap_frac';

const GATE_ORDER: GateName[] = [
  'min_oos_sharpe',
  'min_oos_ic_tstat',
  'max_oos_drawdown',
  'min_positive_window_frac',
  'min_dsr',
  'min_universe_mean',
  'max_pbo',
  'min_param_stability',
  'max_oos_gap_frac',
];

const GATE_DEFAULTS: Record<GateName, number | null> = {
  min_oos_sharpe: 0.5,
  min_oos_ic_tstat: 2.0,
  max_oos_drawdown: 0.3,
  min_positive_window_frac: 0.55,
  min_dsr: 0.95,
  min_universe_mean: 50,
  max_pbo: null,
  min_param_stability: null,
  max_oos_gap_frac: 0.05,
};

type FactorCfg = { id: string; candidates: Params[] };

type Config = {
  prices: string;
  marketCaps: string | null;
  calendar: string | null;
  universe: UniverseCfg;
  warmup: number;
  trainDays: number;
  testDays: number;
  stepDays: number;
  embargo: number;
  anchored: boolean;
  portfolio: PortfolioCfg;
  objective: 'sharpe' | 'mean_ic' | 'ic_tstat' | 'ann_return';
  factors: FactorCfg[];
  gates: Record<GateName, number | null>;
  ledger: string | null;
};

function asObj(x: unknown, key: string): Record<string, unknown> {
  if (x === undefined || x === null) return {};
  if (typeof x !== 'object' || Array.isArray(x)) throw new Error(`config: ${key} must be a mapping`);
  return x as Record<string, unknown>;
}

function getNum(o: Record<string, unknown>, key: string, def: number, opts: { int?: boolean; min?: number } = {}): number {
  const v = o[key];
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`config: ${key} must be a number`);
  if (opts.int === true && !Number.isInteger(v)) throw new Error(`config: ${key} must be an integer`);
  if (opts.min !== undefined && v < opts.min) throw new Error(`config: ${key} must be >= ${opts.min}`);
  return v;
}

function getPath(o: Record<string, unknown>, key: string, base: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new Error(`config: ${key} must be a path`);
  return isAbsolute(v) ? v : resolve(base, v);
}

function readConfig(configPath: string): Config {
  const base = dirname(resolve(configPath));
  const raw = asObj(parse(readFileSync(configPath, 'utf8')) as unknown, 'config');
  const data = asObj(raw.data, 'data');
  const prices = getPath(data, 'prices', base);
  if (prices === null) throw new Error('config: data.prices is required');
  const uni = asObj(raw.universe, 'universe');
  const topRaw = uni.top_n;
  const universe: UniverseCfg = {
    minHistory: getNum(uni, 'min_history', 60, { int: true, min: 0 }),
    minPrice: getNum(uni, 'min_price', 5),
    minDollarVolume: getNum(uni, 'min_dollar_volume', 1e6),
    topN: topRaw === undefined || topRaw === null ? null : getNum(uni, 'top_n', 0, { int: true, min: 1 }),
  };
  const win = asObj(raw.windows, 'windows');
  const testDays = getNum(win, 'test_days', 63, { int: true, min: 1 });
  const anchoredRaw = win.anchored;
  if (anchoredRaw !== undefined && typeof anchoredRaw !== 'boolean') throw new Error('config: anchored must be a boolean');
  const pfo = asObj(raw.portfolio, 'portfolio');
  const construction = pfo.construction ?? 'quantile_long_short';
  if (construction !== 'quantile_long_short' && construction !== 'long_only' && construction !== 'time_series') {
    throw new Error('config: bad construction');
  }
  const portfolio: PortfolioCfg = {
    construction,
    quantiles: getNum(pfo, 'quantiles', 5, { int: true, min: 1 }),
    holdingDays: getNum(pfo, 'holding_days', 1, { int: true, min: 1 }),
    costBps: getNum(pfo, 'cost_bps', 10, { min: 0 }),
    minNames: getNum(pfo, 'min_names', 10, { int: true, min: 1 }),
  };
  if (portfolio.minNames < portfolio.quantiles) throw new Error('config: min_names must be at least quantiles');
  const objective = raw.objective ?? 'sharpe';
  if (objective !== 'sharpe' && objective !== 'mean_ic' && objective !== 'ic_tstat' && objective !== 'ann_return') {
    throw new Error('config: bad objective');
  }
  if (!Array.isArray(raw.factors) || raw.factors.length === 0) throw new Error('config: factors must be a non-empty list');
  const factors: FactorCfg[] = [];
  const seenIds = new Set<string>();
  for (const f of raw.factors as unknown[]) {
    const fo = asObj(f, 'factors[]');
    const id = fo.id;
    if (typeof id !== 'string') throw new Error('config: factor id must be a string');
    if (fo.module !== undefined) throw new Error('config: user factor modules are not supported by the reference');
    const defaults = DEFAULTS[id];
    if (defaults === undefined) throw new Error(`config: unknown factor ${id}`);
    if (seenIds.has(id)) throw new Error(`config: duplicate factor ${id}`);
    seenIds.add(id);
    if (fo.params !== undefined && fo.space !== undefined) throw new Error(`config: factor ${id} has both params and space`);
    let candidates: Params[];
    const checkKey = (k: string): void => {
      if (!(k in defaults)) throw new Error(`config: factor ${id} has no parameter ${k}`);
    };
    const checkVal = (k: string, v: unknown): number => {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`config: factor ${id} parameter ${k} must be an integer`);
      return v;
    };
    if (fo.space !== undefined && fo.space !== null) {
      const sp = asObj(fo.space, `factor ${id} space`);
      const keys = Object.keys(sp).sort(cmpCodePoint);
      const lists: number[][] = [];
      for (const k of keys) {
        checkKey(k);
        const vals = sp[k];
        if (!Array.isArray(vals) || vals.length === 0) throw new Error(`config: space ${id}.${k} must be a non-empty list`);
        const nums = (vals as unknown[]).map((v) => checkVal(k, v));
        if (new Set(nums).size !== nums.length) throw new Error(`config: space ${id}.${k} repeats a value`);
        lists.push(nums);
      }
      // grid: keys sorted, values as listed, last key fastest
      let grid: Params[] = [{}];
      keys.forEach((k, i) => {
        const next: Params[] = [];
        for (const g of grid) for (const v of lists[i]!) next.push({ ...g, [k]: v });
        grid = next;
      });
      candidates = grid.map((g) => ({ ...defaults, ...g }));
    } else {
      const po = asObj(fo.params, `factor ${id} params`);
      const fixed: Params = { ...defaults };
      for (const k of Object.keys(po)) {
        checkKey(k);
        fixed[k] = checkVal(k, po[k]);
      }
      candidates = [fixed];
    }
    candidates = candidates.map((c) => {
      const sorted: Params = {};
      for (const k of Object.keys(c).sort(cmpCodePoint)) sorted[k] = c[k]!;
      return sorted;
    });
    candidates = candidates.filter((c) => satisfiesConstraints(id, c));
    if (candidates.length === 0) throw new Error(`config: factor ${id} has no valid candidate`);
    factors.push({ id, candidates });
  }
  factors.sort((a, b) => cmpCodePoint(a.id, b.id));
  const go = asObj(raw.gates, 'gates');
  const gates = { ...GATE_DEFAULTS };
  for (const g of GATE_ORDER) {
    if (!(g in go)) continue;
    const v = go[g];
    if (v === null) gates[g] = null;
    else if (typeof v === 'number' && !Number.isNaN(v)) gates[g] = v;
    else throw new Error(`config: gates.${g} must be a number or null`);
  }
  return {
    prices,
    marketCaps: getPath(data, 'market_caps', base),
    calendar: getPath(data, 'calendar', base),
    universe,
    warmup: getNum(win, 'warmup_days', 252, { int: true, min: 1 }),
    trainDays: getNum(win, 'train_days', 252, { int: true, min: 1 }),
    testDays,
    stepDays: getNum(win, 'step_days', testDays, { int: true, min: 1 }),
    embargo: getNum(win, 'embargo_days', 0, { int: true, min: 0 }),
    anchored: anchoredRaw === true,
    portfolio,
    objective,
    factors,
    gates,
    ledger: getPath(raw, 'ledger', base),
  };
}

/** factor -> set of canonical params texts in the ledger. */
function readLedger(path: string | null): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (path === null || !existsSync(path) || statSync(path).size === 0) return out;
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return out;
  if (lines[0] !== 'factor,params,first_seen') throw new Error(`${path}:1: header must be factor,params,first_seen`);
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split(',');
    if (f.length !== 3) throw new Error(`${path}:${i + 1}: wrong field count`);
    const [factor, params, firstSeen] = f as [string, string, string];
    if (factor === '') throw new Error(`${path}:${i + 1}: empty factor`);
    if (!isRealDate(firstSeen)) throw new Error(`${path}:${i + 1}: first_seen is not a date`);
    let set = out.get(factor);
    if (set === undefined) {
      set = new Set<string>();
      out.set(factor, set);
    }
    set.add(params);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The run

type Window = { k: number; trainStart: number; trainEnd: number; testStart: number; testEnd: number };

function makeWindows(cfg: Config, T: number): Window[] {
  const out: Window[] = [];
  for (let k = 0; ; k++) {
    const trainStart = cfg.anchored ? cfg.warmup : cfg.warmup + k * cfg.stepDays;
    const trainEnd = cfg.warmup + cfg.trainDays - 1 + k * cfg.stepDays;
    const testStart = trainEnd + 1 + cfg.embargo;
    const testEnd = trainEnd + cfg.embargo + cfg.testDays;
    if (testEnd > T - 1) break;
    out.push({ k, trainStart, trainEnd, testStart, testEnd });
  }
  return out;
}

function objectiveOf(m: Metrics, objective: Config['objective']): number {
  switch (objective) {
    case 'sharpe':
      return m.sharpe;
    case 'mean_ic':
      return m.mean_ic;
    case 'ic_tstat':
      return m.ic_tstat;
    case 'ann_return':
      return m.ann_return;
  }
}

/** Runs protocol v2 on the config file (YAML) at configPath. The ledger, if configured, is only read (never appended). */
export function runProtocolReference(configPath: string): ReferenceOutputs {
  const cfg = readConfig(configPath);
  const panel = loadPanel(cfg.prices, cfg.marketCaps, cfg.calendar);
  const T = panel.dates.length;
  const N = panel.symbols.length;
  const status = universeStatus(panel, cfg.universe);
  const windows = makeWindows(cfg, T);
  const ledger = readLedger(cfg.ledger);
  const W = windows.length;

  // oos_gap_frac: the same for every factor
  let gapNum = 0;
  let gapDen = 0;
  {
    const first: number[] = [];
    const last: number[] = [];
    for (let s = 0; s < N; s++) {
      let f = -1;
      let l = -1;
      for (let t = 0; t < T; t++) {
        if (validClose(panel.C[s]![t])) {
          if (f < 0) f = t;
          l = t;
        }
      }
      first.push(f);
      last.push(l);
    }
    for (const w of windows) {
      for (let d = w.testStart; d <= w.testEnd; d++) {
        const t = d - 1;
        for (let s = 0; s < N; s++) {
          if (first[s]! < 0 || t < first[s]! || t > last[s]!) continue;
          gapDen++;
          if (!validClose(panel.C[s]![t])) gapNum++;
        }
      }
    }
  }
  const oosGapFrac = gapDen === 0 ? 0 : gapNum / gapDen;

  const walkForwardSummary: ReferenceRow[] = [];
  const universeAudit: ReferenceRow[] = [];
  const gateReport: ReferenceRow[] = [];

  for (const factor of cfg.factors) {
    const K = factor.candidates.length;
    const cands = factor.candidates.map(
      (p) => new Candidate(factor.id, p, canonical(p), panel, status, cfg.portfolio),
    );
    const stitchedR: number[] = [];
    const stitchedIC: number[] = [];
    const testTotals: number[] = [];
    const testUniverse: number[] = [];
    const chosenTexts: string[] = [];
    const pboColumns: number[][] = cands.map(() => []);
    const vPerWindow: number[] = [];

    for (const w of windows) {
      const train = cands.map((c) => c.simulate(w.trainStart, w.trainEnd));
      const trainM = train.map((s) => metrics(s.R, s.IC, s.turnovers, s.scoredCounts));
      const test = cands.map((c) => c.simulate(w.testStart, w.testEnd));
      test.forEach((s, k) => pboColumns[k]!.push(...s.R));

      // selection: best objective, NaN worst, ties to the earlier candidate
      let best = 0;
      for (let k = 1; k < K; k++) {
        const x = objectiveOf(trainM[k]!, cfg.objective);
        const y = objectiveOf(trainM[best]!, cfg.objective);
        if (!Number.isNaN(x) && (Number.isNaN(y) || x > y)) best = k;
      }
      const isObj = objectiveOf(trainM[best]!, cfg.objective);
      const sel = cands[best]!;
      const ts = test[best]!;
      const tm = metrics(ts.R, ts.IC, ts.turnovers, ts.scoredCounts);
      stitchedR.push(...ts.R);
      stitchedIC.push(...ts.IC);
      testTotals.push(tm.total_return);
      testUniverse.push(tm.universe_mean);
      chosenTexts.push(sel.text);

      // V contribution: variance (ddof 1) of the candidates' finite train daily Sharpes
      const srs = train.map((s) => dailySharpe(s.R)).filter((x) => fin(x));
      if (srs.length < 2) vPerWindow.push(0);
      else {
        const sd = sampleStd(srs);
        vPerWindow.push(sd * sd);
      }

      walkForwardSummary.push({
        factor: factor.id,
        window: String(w.k),
        train_start: panel.dates[w.trainStart]!,
        train_end: panel.dates[w.trainEnd]!,
        test_start: panel.dates[w.testStart]!,
        test_end: panel.dates[w.testEnd]!,
        params: sel.text,
        candidates: String(K),
        objective: cfg.objective,
        is_objective: numText(isObj),
        oos_days: String(tm.days),
        oos_total_return: numText(tm.total_return),
        oos_ann_return: numText(tm.ann_return),
        oos_ann_vol: numText(tm.ann_vol),
        oos_sharpe: numText(tm.sharpe),
        oos_max_drawdown: numText(tm.max_drawdown),
        oos_turnover: numText(tm.turnover),
        oos_hit_rate: numText(tm.hit_rate),
        oos_mean_ic: numText(tm.mean_ic),
        oos_ic_tstat: numText(tm.ic_tstat),
        oos_universe_mean: numText(tm.universe_mean),
      });

      for (const [segment, a, b] of [
        ['train', w.trainStart, w.trainEnd],
        ['test', w.testStart, w.testEnd],
      ] as const) {
        const eligibleCounts: number[] = [];
        const scoredCounts: number[] = [];
        const excluded = [0, 0, 0, 0, 0, 0];
        for (let d = a; d <= b; d++) {
          const t = d - 1;
          let e = 0;
          for (let s = 0; s < N; s++) {
            const st = status[t]![s]!;
            if (st === 0) e++;
            else excluded[st] = excluded[st]! + 1;
          }
          eligibleCounts.push(e);
          scoredCounts.push(sel.scored[t]!.length);
        }
        universeAudit.push({
          factor: factor.id,
          window: String(w.k),
          segment,
          start: panel.dates[a]!,
          end: panel.dates[b]!,
          symbols: String(N),
          eligible_mean: numText(mean(eligibleCounts)),
          eligible_min: String(Math.min(...eligibleCounts)),
          eligible_max: String(Math.max(...eligibleCounts)),
          scored_mean: numText(mean(scoredCounts)),
          excluded_no_price: String(excluded[1]),
          excluded_history: String(excluded[2]),
          excluded_price: String(excluded[3]),
          excluded_liquidity: String(excluded[4]),
          excluded_rank: String(excluded[5]),
        });
      }
    }

    // gate metrics
    const om = metrics(stitchedR, stitchedIC, [], []);
    const positiveFrac = W === 0 ? NaN : testTotals.filter((x) => x > 0).length / W;
    const universeMean = mean(testUniverse);
    const ledgerSet = new Set<string>(ledger.get(factor.id) ?? []);
    for (const c of cands) ledgerSet.add(c.text);
    const trials = ledgerSet.size;

    // DSR
    let dsr = NaN;
    {
      const Tn = stitchedR.length;
      const sd = sampleStd(stitchedR);
      if (Tn >= 2 && sd > 0) {
        const m = mean(stitchedR);
        const SR = m / sd;
        const d2: number[] = [];
        const d3: number[] = [];
        const d4: number[] = [];
        for (const x of stitchedR) {
          const dx = x - m;
          d2.push(dx * dx);
          d3.push(dx * dx * dx);
          d4.push(dx * dx * dx * dx);
        }
        const m2 = sum(d2) / Tn;
        const m3 = sum(d3) / Tn;
        const m4 = sum(d4) / Tn;
        const g3 = m3 / Math.pow(m2, 1.5);
        const g4 = m4 / (m2 * m2);
        const V = trials === 1 || W === 0 ? 0 : mean(vPerWindow);
        const e = 0.5772156649;
        const SR0 =
          trials === 1
            ? 0
            : Math.sqrt(V) * ((1 - e) * PhiInv(1 - 1 / trials) + e * PhiInv(1 - 1 / (trials * 2.718281828459045)));
        dsr = Phi(((SR - SR0) * Math.sqrt(Tn - 1)) / Math.sqrt(1 - g3 * SR + ((g4 - 1) / 4) * SR * SR));
      }
    }

    const pboV = pbo(pboColumns);
    let paramStability: number;
    if (K === 1) paramStability = 1;
    else if (W === 0) paramStability = NaN;
    else {
      const counts = new Map<string, number>();
      for (const t of chosenTexts) counts.set(t, (counts.get(t) ?? 0) + 1);
      paramStability = Math.max(...counts.values()) / W;
    }

    const values: Record<GateName, number> = {
      min_oos_sharpe: om.sharpe,
      min_oos_ic_tstat: om.ic_tstat,
      max_oos_drawdown: om.max_drawdown,
      min_positive_window_frac: positiveFrac,
      min_dsr: dsr,
      min_universe_mean: universeMean,
      max_pbo: pboV,
      min_param_stability: paramStability,
      max_oos_gap_frac: oosGapFrac,
    };
    const failed: GateName[] = [];
    for (const g of GATE_ORDER) {
      const thr = cfg.gates[g];
      if (thr === null) continue;
      if ((g === 'max_pbo' || g === 'min_param_stability') && K === 1) continue;
      const v = values[g];
      const ok = Number.isNaN(v) ? false : g.startsWith('max_') ? !(v > thr) : !(v < thr);
      if (!ok) failed.push(g);
    }

    gateReport.push({
      factor: factor.id,
      windows: String(W),
      oos_days: String(stitchedR.length),
      oos_sharpe: numText(om.sharpe),
      oos_ann_return: numText(om.ann_return),
      oos_max_drawdown: numText(om.max_drawdown),
      oos_mean_ic: numText(om.mean_ic),
      oos_ic_tstat: numText(om.ic_tstat),
      positive_window_frac: numText(positiveFrac),
      universe_mean: numText(universeMean),
      trials: String(trials),
      dsr: numText(dsr),
      pbo: numText(pboV),
      param_stability: numText(paramStability),
      oos_gap_frac: numText(oosGapFrac),
      pass: failed.length === 0 ? 'true' : 'false',
      failed_gates: failed.join('|'),
    });
  }

  return { walkForwardSummary, universeAudit, gateReport };
}

// ---------------------------------------------------------------------------------------
// One candidate on one segment (sections 4, 5 and 7's objective), for optimiser checks

export type ReferenceSegmentOptions = {
  readonly configPath: string;
  readonly factor: string;
  /** The candidate's params; a parameter left out takes its default (section 3). */
  readonly params: Readonly<Record<string, number>>;
  /** Portfolio settings that override the config's. */
  readonly portfolio?: Readonly<{ holding_days?: number; quantiles?: number; cost_bps?: number }>;
  /** First and last realized day, YYYY-MM-DD (calendar dates). */
  readonly start: string;
  readonly end: string;
};

/** Section 5's metrics of one candidate on the segment [start, end], and the config's objective of them. */
export function referenceSegment(options: ReferenceSegmentOptions): { readonly metrics: Readonly<Record<string, number>>; readonly objective: number } {
  const { cfg, panel, status } = segmentInputs(options.configPath);
  const portfolio: PortfolioCfg = {
    ...cfg.portfolio,
    ...(options.portfolio?.holding_days === undefined ? {} : { holdingDays: options.portfolio.holding_days }),
    ...(options.portfolio?.quantiles === undefined ? {} : { quantiles: options.portfolio.quantiles }),
    ...(options.portfolio?.cost_bps === undefined ? {} : { costBps: options.portfolio.cost_bps }),
  };
  const params: Params = { ...(DEFAULTS[options.factor] ?? {}), ...options.params };
  const a = panel.dates.indexOf(options.start);
  const b = panel.dates.indexOf(options.end);
  if (a < 1 || b < a) throw new Error(`segment ${options.start}..${options.end}: not a segment of the calendar with a signal date before it`);
  const segment = new Candidate(options.factor, params, canonical(params), panel, status, portfolio).simulate(a, b);
  const m = metrics(segment.R, segment.IC, segment.turnovers, segment.scoredCounts);
  return { metrics: m, objective: objectiveOf(m, cfg.objective) };
}

/** The config, panel and universe of a config file, read once per file (a sweep asks for every candidate). */
const segmentInputsByPath = new Map<string, { cfg: Config; panel: Panel; status: number[][] }>();
function segmentInputs(configPath: string): { cfg: Config; panel: Panel; status: number[][] } {
  let inputs = segmentInputsByPath.get(configPath);
  if (inputs === undefined) {
    const cfg = readConfig(configPath);
    const panel = loadPanel(cfg.prices, cfg.marketCaps, cfg.calendar);
    inputs = { cfg, panel, status: universeStatus(panel, cfg.universe) };
    segmentInputsByPath.set(configPath, inputs);
  }
  return inputs;
}
