import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * Writes a copy of a walk-forward config with `portfolio.cost_bps` raised by 7 (as JSON,
 * which is YAML), its relative paths made absolute: a scenario run on it must produce
 * different numbers. Used to prove that the harness catches an output difference.
 */
export function writePlantedConfig(options: { readonly configPath: string; readonly outPath: string }): void {
  const raw = parse(readFileSync(options.configPath, 'utf8')) as Record<string, unknown>;
  const base = dirname(options.configPath);
  const abs = (p: unknown): unknown => (typeof p === 'string' && !isAbsolute(p) ? resolve(base, p) : p);
  const data = { ...(raw['data'] as Record<string, unknown>) };
  for (const key of ['prices', 'market_caps', 'calendar']) if (key in data) data[key] = abs(data[key]);
  const portfolio = { ...(raw['portfolio'] as Record<string, unknown>) };
  portfolio['cost_bps'] = (typeof portfolio['cost_bps'] === 'number' ? portfolio['cost_bps'] : 0) + 7;
  const planted: Record<string, unknown> = { ...raw, data, portfolio };
  if (Array.isArray(raw['factor_modules'])) planted['factor_modules'] = raw['factor_modules'].map(abs);
  writeFileSync(options.outPath, `${JSON.stringify(planted, null, 2)}\n`);
}
