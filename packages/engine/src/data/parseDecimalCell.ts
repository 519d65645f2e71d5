import { quoteText } from '../errors/quoteText.js';
import type { CsvRowProblem } from '../errors.js';

/**
 * A plain decimal number: digits with an optional point, sign and exponent (no hex, no
 * Infinity, no spaces). Written so each digit can be matched one way only: the former
 * `\d+\.?\d*` could split a run of digits anywhere and backtracked quadratically on a long
 * run ending in a non-digit (a 5 MB cell took hours).
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of a data cell's text (PROTOCOL section 1): Number(text) for a plain decimal number, NaN for anything else (the empty cell included). */
export function parseDecimalCell(text: string): number {
  return text !== '' && DECIMAL.test(text) ? Number(text) : Number.NaN;
}

/**
 * Why a non-empty cell with `value` (parseDecimalCell of `text`) is a row error, or null when
 * it is a finite number >= 0: `not_a_number` or `negative`, with the message detail quoting it.
 */
export function decimalCellProblem(column: string, text: string, value: number): { problem: CsvRowProblem; detail: string } | null {
  if (!Number.isFinite(value)) return { problem: 'not_a_number', detail: `${column} ${quoteText(text)} is not a number` };
  if (value < 0) return { problem: 'negative', detail: `${column} ${quoteText(text)} is negative (expected a number >= 0)` };
  return null;
}
