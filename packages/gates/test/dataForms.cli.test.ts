/**
 * Same panel, same numbers, whichever form the data came in (issue 17, item 1): real S&P 500
 * files (the first 100 symbols) written as Yahoo-style files (`Date,Open,High,Low,Close,Adj Close,Volume`, read
 * with `data.columns`), as a long CSV table split one file per year (rows by date, then
 * symbol; header names in other cases and a mapped symbol column) and as one Parquet table
 * (hyparquet-writer: TIMESTAMP dates, DOUBLE values, null for an empty cell) gives wf-gates
 * the very same protocol files, gate reports and charts as the per-symbol CSVs. The forms are
 * generated into a temp folder (never committed). All runs share one cache folder: each form
 * has its own data fingerprint, and a changed mapping reads the files anew (no stale panel).
 * Bad input is one line naming the key or file, exit 2; `data.lenient` reaches the loader and
 * its warnings are counted in manifest.json and gate_report.md.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, readRunOutputs, repoRoot, runGates } from './gatesHarness.js';

const sp500 = join(repoRoot, '../shared/data/sp500-5yr/prices');
const tmp = mkdtempSync(join(tmpdir(), 'wf-gates-data-forms-'));
/** The first 100 S&P 500 symbols' files, copied as they are: every form is made from them (a quick test; the full book is the oracle tests'). */
const prices = join(tmp, 'prices');
const cacheDir = join(tmp, 'cache');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A quick config: two factors, three candidates in all. */
const FACTORS = 'factors:\n  - { id: reversal, space: { lookback: [5, 10] } }\n  - { id: low_volatility, params: { lookback: 20 } }\n';

type PriceRow = { symbol: string; fields: string[] };

/** Every row of the per-symbol folder: its symbol and its date,open,high,low,close,volume texts. */
function readPriceRows(): PriceRow[] {
  const rows: PriceRow[] = [];
  for (const name of readdirSync(prices).sort()) {
    const symbol = name.replace(/(_data)?\.csv$/, '');
    const lines = readFileSync(join(prices, name), 'utf8').split('\n');
    for (const line of lines.slice(1)) if (line !== '') rows.push({ symbol, fields: line.split(',').slice(0, 6) });
  }
  return rows;
}

function writeConfig(name: string, data: string, factors = FACTORS): string {
  const file = join(tmp, name);
  writeFileSync(file, `data: ${data}\n${factors}`);
  return file;
}

async function gates(config: string, out: string): Promise<{ code: number; stderr: string; out: string }> {
  const result = await runGates(['--config', config, '--out', join(tmp, 'runs', out), '--cache-dir', cacheDir, '--log-level', 'warn']);
  return { code: result.code ?? -1, stderr: result.stderr, out: join(tmp, 'runs', out) };
}

let baseline: Record<string, string>;
let baselineFingerprint: string;

beforeAll(async () => {
  mkdirSync(prices);
  for (const name of readdirSync(sp500).sort().slice(0, 100)) copyFileSync(join(sp500, name), join(prices, name));
  const rows = readPriceRows();
  // Yahoo style: Close holds another series (the open), Adj Close the protocol's close.
  const yahoo = join(tmp, 'yahoo');
  mkdirSync(yahoo);
  const bySymbol = new Map<string, string[]>();
  for (const { symbol, fields: [date, open, high, low, close, volume] } of rows) {
    const lines = bySymbol.get(symbol) ?? ['Date,Open,High,Low,Close,Adj Close,Volume'];
    lines.push([date, open, high, low, open, close, volume].join(','));
    bySymbol.set(symbol, lines);
  }
  for (const [symbol, lines] of bySymbol) writeFileSync(join(yahoo, `${symbol}.csv`), `${lines.join('\n')}\n`);

  // A long table: rows by date, then symbol, one file per year.
  const byDate = [...rows].sort((a, b) => (a.fields[0]! < b.fields[0]! ? -1 : a.fields[0]! > b.fields[0]! ? 1 : a.symbol < b.symbol ? -1 : 1));
  const long = join(tmp, 'long');
  mkdirSync(long);
  const years = new Map<string, string[]>();
  for (const { symbol, fields: [date, ...values] } of byDate) {
    const year = date!.slice(0, 4);
    const lines = years.get(year) ?? ['DATE,Ticker,Open,HIGH,low,Close,Volume'];
    lines.push([date, symbol, ...values].join(','));
    years.set(year, lines);
  }
  for (const [year, lines] of years) writeFileSync(join(long, `${year}.csv`), `${lines.join('\n')}\n`);

  // A Parquet table: TIMESTAMP dates at midnight UTC, DOUBLE values, null where a cell is empty.
  const value = (k: number) => rows.map(({ fields }) => (fields[k] === '' ? null : Number(fields[k])));
  parquetWriteFile({
    filename: join(tmp, 'prices.parquet'),
    columnData: [
      { name: 'date', data: rows.map(({ fields }) => new Date(`${fields[0]}T00:00:00Z`)), type: 'TIMESTAMP' },
      { name: 'symbol', data: rows.map(({ symbol }) => symbol), type: 'STRING' },
      ...['open', 'high', 'low', 'close', 'volume'].map((name, c) => ({ name, data: value(c + 1), type: 'DOUBLE' as const })),
    ],
  });

  const run = await gates(writeConfig('per-symbol.yaml', `{ prices: ${prices} }`), 'per-symbol');
  expect(run.stderr).toBe('');
  expect(run.code).toBeLessThan(2);
  baseline = readRunOutputs(run.out);
  baselineFingerprint = readManifest(run.out)['data'].fingerprint;
}, 180_000);

describe('wf-gates reads the same panel from every data form', () => {
  it('Yahoo-style files with data.columns { close: Adj Close } give the per-symbol files\' outputs; { close: Close } reads them anew', async () => {
    const run = await gates(writeConfig('yahoo.yaml', `{ prices: ${join(tmp, 'yahoo')}, columns: { close: Adj Close } }`), 'yahoo');
    expect(run.stderr).toBe('');
    expect(readRunOutputs(run.out)).toEqual(baseline);
    const fingerprint = readManifest(run.out)['data'].fingerprint;
    expect(fingerprint).not.toBe(baselineFingerprint);

    // Same files and cache, another mapping: another fingerprint and other numbers, never the cached panel.
    const other = await gates(writeConfig('yahoo-close.yaml', `{ prices: ${join(tmp, 'yahoo')}, columns: { close: Close } }`), 'yahoo-close');
    expect(other.code).toBeLessThan(2);
    expect(readManifest(other.out)['data'].fingerprint).not.toBe(fingerprint);
    expect(readRunOutputs(other.out)['walk_forward_summary.csv']).not.toBe(baseline['walk_forward_summary.csv']);
  }, 120_000);

  it('a long CSV table, one file per year, gives the per-symbol files\' outputs', async () => {
    const run = await gates(writeConfig('long.yaml', `{ table: ${join(tmp, 'long')}, format: long, columns: { symbol: Ticker } }`), 'long');
    expect(run.stderr).toBe('');
    expect(readRunOutputs(run.out)).toEqual(baseline);
    expect(readManifest(run.out)['data'].fingerprint).not.toBe(baselineFingerprint);
  }, 120_000);

  it('a Parquet table gives the per-symbol files\' outputs', async () => {
    const run = await gates(writeConfig('parquet.yaml', `{ table: ${join(tmp, 'prices.parquet')} }`), 'parquet');
    expect(run.stderr).toBe('');
    expect(readRunOutputs(run.out)).toEqual(baseline);
    expect(readManifest(run.out)['data'].fingerprint).not.toBe(baselineFingerprint);
  }, 120_000);
});

describe('wf-gates refuses bad data input with one line, exit 2', () => {
  it('names an unknown data.columns field', async () => {
    const run = await gates(writeConfig('bad-key.yaml', `{ prices: ${join(tmp, 'yahoo')}, columns: { adj_close: Adj Close } }`), 'bad-key');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('data.columns.adj_close: unknown key (allowed: date, symbol, open, high, low, close, volume)');
  });

  it('names the file and the missing mapped column', async () => {
    const run = await gates(writeConfig('missing.yaml', `{ prices: ${join(tmp, 'yahoo')}, columns: { close: Adjusted } }`), 'missing');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/yahoo\/A\.csv line 1: missing column "Adjusted" \(header "Date,Open,High,Low,Close,Adj Close,Volume"/);
  });

  it('names an unreadable Parquet table', async () => {
    writeFileSync(join(tmp, 'broken.parquet'), 'not parquet at all');
    const run = await gates(writeConfig('broken.yaml', `{ table: ${join(tmp, 'broken.parquet')} }`), 'broken');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('broken.parquet: not a readable Parquet file');
  });
});

describe('data.lenient', () => {
  it('a bad cell fails a strict run naming file and line; lenient, it is NaN and counted in manifest.json and gate_report.md', async () => {
    const folder = join(tmp, 'lenient');
    mkdirSync(folder);
    for (const name of readdirSync(join(tmp, 'yahoo'))) {
      let text = readFileSync(join(tmp, 'yahoo', name), 'utf8');
      if (name === 'AAPL.csv') text = text.replace(/\n(2016-03-01,[^,]*,[^,]*,[^,]*,[^,]*),[^,]*,/, '\n$1,null,');
      writeFileSync(join(folder, name), text);
    }
    const strict = await gates(writeConfig('strict.yaml', `{ prices: ${folder}, columns: { close: Adj Close } }`), 'strict');
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/lenient\/AAPL\.csv line \d+: Adj Close "null" is not a number/);

    const lenient = await gates(writeConfig('lenient.yaml', `{ prices: ${folder}, columns: { close: Adj Close }, lenient: true }`), 'lenient');
    expect(lenient.stderr).toBe('');
    expect(lenient.code).toBeLessThan(2);
    const warnings = readManifest(lenient.out)['data'].lenientWarnings;
    expect(warnings.count).toBe(1);
    expect(warnings.first[0].message).toMatch(/AAPL\.csv line \d+: Adj Close "null" is not a number; cell set to NaN/);
    expect(readFileSync(join(lenient.out, 'gate_report.md'), 'utf8')).toContain('Read leniently (`data.lenient: true`): **1** row error was turned into NaN cells or skipped rows');
  }, 120_000);
});
