import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSampleMarket } from './generateSampleMarket.js';
import { writeSampleMarket } from './writeSampleMarket.js';

type Row = { date: string; open: string; high: string; low: string; close: string; volume: string };

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wf-sample-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function readRows(dir: string, symbol: string): Row[] {
  const text = readFileSync(join(dir, `${symbol}.csv`), 'utf8');
  expect(text.split('\n')[0]).toBe('date,open,high,low,close,volume');
  return parse(text, { columns: true, skip_empty_lines: true }) as Row[];
}

function readAll(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name))]));
}

describe('writeSampleMarket', () => {
  it('writes one CSV per symbol plus README.txt', () => {
    const market = generateSampleMarket({ symbols: 12, days: 150 });
    const written = writeSampleMarket({ dir: join(root, 'a'), market });
    expect(written).toEqual([...market.panel.symbols.map((s) => `${s}.csv`), 'README.txt'].sort());
    expect(readdirSync(join(root, 'a')).sort()).toEqual(written);
  });

  it('writes byte-identical files for the same options and different ones for another seed', () => {
    writeSampleMarket({ dir: join(root, 'a'), market: generateSampleMarket({ symbols: 30, days: 300, seed: 5 }) });
    writeSampleMarket({ dir: join(root, 'b'), market: generateSampleMarket({ symbols: 30, days: 300, seed: 5 }) });
    writeSampleMarket({ dir: join(root, 'c'), market: generateSampleMarket({ symbols: 30, days: 300, seed: 6 }) });
    const a = readAll(join(root, 'a'));
    expect(readAll(join(root, 'b'))).toEqual(a);
    const c = readAll(join(root, 'c'));
    expect(c.get('S000.csv')).not.toEqual(a.get('S000.csv'));
    expect(c.get('README.txt')).not.toEqual(a.get('README.txt'));
  });

  it('writes numbers that read back exactly as the panel, with empty fields where values are missing', () => {
    const market = generateSampleMarket();
    const dir = join(root, 'm');
    writeSampleMarket({ dir, market });
    const { panel, rowPresent } = market;
    const dateIndex = new Map(Array.from(panel.dates, (d, t) => [`${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6)}`, t]));
    let mismatches = 0;
    let rows = 0;
    for (let i = 0; i < panel.nSymbols; i++) {
      for (const row of readRows(dir, panel.symbols[i]!)) {
        const cell = dateIndex.get(row.date)! * panel.nSymbols + i;
        rows++;
        const fields = [row.open, row.high, row.low, row.close, row.volume];
        const values = [panel.open[cell]!, panel.high[cell]!, panel.low[cell]!, panel.close[cell]!, panel.volume[cell]!];
        for (let k = 0; k < 5; k++) {
          const parsed = fields[k] === '' ? Number.NaN : Number(fields[k]);
          if (!Object.is(parsed, values[k])) mismatches++;
        }
        if ((row.close.split('.')[1] ?? '').length > 4) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    expect(rows).toBe(rowPresent.reduce((s, x) => s + x, 0));
  });

  it('plants late listings, delistings, gaps and empty fields that are visible in the CSVs', () => {
    const market = generateSampleMarket();
    const dir = join(root, 'm');
    writeSampleMarket({ dir, market });
    const { features } = market;
    const calendar = readRows(dir, 'S000').map((r) => r.date);
    expect(calendar).toHaveLength(1000);
    const firstDate = calendar[0]!;
    const lastDate = calendar[calendar.length - 1]!;

    expect(features.lateListings.length).toBeGreaterThan(0);
    for (const { symbol, firstDate: listed } of features.lateListings) {
      const dates = readRows(dir, symbol).map((r) => r.date);
      expect(dates[0]).toBe(listed);
      expect(listed > firstDate).toBe(true);
      expect(dates[dates.length - 1]).toBe(lastDate);
    }
    expect(features.delistings.length).toBeGreaterThan(0);
    for (const { symbol, lastDate: delisted } of features.delistings) {
      const dates = readRows(dir, symbol).map((r) => r.date);
      expect(dates[dates.length - 1]).toBe(delisted);
      expect(delisted < lastDate).toBe(true);
      expect(dates[0]).toBe(firstDate);
    }
    expect(features.gaps.length).toBeGreaterThan(0);
    for (const { symbol, startDate, endDate } of features.gaps) {
      const dates = new Set(readRows(dir, symbol).map((r) => r.date));
      const inside = calendar.filter((d) => d >= startDate && d <= endDate);
      expect(inside.length).toBeGreaterThanOrEqual(3);
      expect(inside.filter((d) => dates.has(d))).toEqual([]);
      expect(dates.size).toBe(calendar.length - inside.length);
    }
    expect(features.emptyFields).toHaveLength(2);
    for (const { symbol, date, field } of features.emptyFields) {
      const row = readRows(dir, symbol).find((r) => r.date === date)!;
      expect(row[field]).toBe('');
      expect(row.close).not.toBe('');
    }
    let emptyCount = 0;
    for (const symbol of market.panel.symbols) {
      for (const row of readRows(dir, symbol)) emptyCount += Object.values(row).filter((v) => v === '').length;
    }
    expect(emptyCount).toBe(2);
  });

  it('describes the options and the planted features in README.txt', () => {
    const market = generateSampleMarket({ symbols: 40, days: 200, seed: 3 });
    writeSampleMarket({ dir: root, market });
    const readme = readFileSync(join(root, 'README.txt'), 'utf8');
    expect(readme).toContain('SYNTHETIC MARKET DATA');
    expect(readme).toContain('symbols=40 days=200 seed=3 startDate=2015-01-02');
    expect(readme).toContain(`${market.features.lateListings[0]!.symbol} from ${market.features.lateListings[0]!.firstDate}`);
    expect(readme).toContain('--symbols 40 --days 200 --seed 3');
  });
});
