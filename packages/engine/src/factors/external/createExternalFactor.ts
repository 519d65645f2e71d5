import path from 'node:path';
import { findDateIndex } from '../../data/findDateIndex.js';
import type { FactorDefinition, FactorInputs } from '../FactorDefinition.js';
import { readScoreTable } from './readScoreTable.js';

export type CreateExternalFactorOptions = {
  /** The factor id (config `factors[].id`). */
  readonly id: string;
  /** Absolute path of the score table (config `factors[].external`). */
  readonly table: string;
};

/**
 * An external factor (config `factors: [{ id, external: scores.parquet }]`): its score at
 * (t, symbol) is the table's score for that date and symbol, computed elsewhere (pandas, Qlib,
 * R, ...) and tested here through the same universe, portfolio, windows and gates as any
 * factor (PROTOCOL sections 2-8). No parameters; NaN where the table has no score; rows whose
 * symbol is not in the panel or whose date is not a calendar date are not used. The score at t
 * must be known at the close of t (the position it forms is held from t+1). It reads no history
 * (`historyDays` 0). The table is read once, here (readScoreTable's errors).
 */
export async function createExternalFactor(options: CreateExternalFactorOptions): Promise<FactorDefinition> {
  const shown = path.basename(options.table);
  const { table } = await readScoreTable({ factorId: options.id, path: options.table, shown });
  return {
    id: options.id,
    description: `Scores read from ${shown} (external)`,
    defaults: Object.freeze({}),
    costHint: 0.5,
    historyDays: () => 0,
    validate: () => null,
    compute(inputs: FactorInputs, _params, out: Float64Array): void {
      const { panel } = inputs;
      const nSymbols = panel.nSymbols;
      out.fill(Number.NaN);
      const symbolIndex = new Map(panel.symbols.map((symbol, i) => [symbol, i] as const));
      const columns = Int32Array.from(table.symbols, (symbol) => symbolIndex.get(symbol) ?? -1);
      for (let k = 0; k < table.nRows; k++) {
        const i = columns[table.symbolIds[k]!]!;
        if (i < 0) continue;
        const t = findDateIndex(panel, table.dates[k]!);
        if (t >= 0) out[t * nSymbols + i] = table.scores[k]!;
      }
    },
  };
}
