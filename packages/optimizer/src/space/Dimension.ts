import type { ParamValue } from '@wf/engine';

/**
 * One axis of a parameter space, always a finite ordered list of values addressed by
 * position 0..size-1 (so a grid index decodes by mixed-radix arithmetic, never by
 * materialising the grid).
 *
 * - `list`: values as listed (numbers, strings or booleans; categorical when not all numbers).
 * - `int`: min, min+step, ... <= max (integers).
 * - `float`: min + k*step <= max, each value rounded to 12 significant digits so 0.1+0.2
 *   reads as 0.3 in canonical params.
 * - `log`: `count` points geometrically spaced from min to max (both included); `integer`
 *   rounds them and drops repeats, so `size` may be smaller than `count`.
 */
export type Dimension =
  | { readonly kind: 'list'; readonly values: readonly ParamValue[] }
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly step: number }
  | { readonly kind: 'float'; readonly min: number; readonly max: number; readonly step: number }
  | { readonly kind: 'log'; readonly min: number; readonly max: number; readonly count: number; readonly integer: boolean };

/** Where a dimension's value goes: a factor parameter or a portfolio setting. */
export type DimensionTarget = 'factor' | 'portfolio';

/** Portfolio settings a space may sweep (PROTOCOL section 4, config key `portfolio`). */
export const SWEEPABLE_PORTFOLIO_KEYS = ['cost_bps', 'holding_days', 'quantiles'] as const;
export type SweepablePortfolioKey = (typeof SWEEPABLE_PORTFOLIO_KEYS)[number];
