import type { FactorDefinition } from '../../../FactorDefinition.js';
import { amihud } from './amihud.js';
import { bollinger } from './bollinger.js';
import { high52w } from './high52w.js';
import { lowLiquidity } from './lowLiquidity.js';
import { lowVolatility } from './lowVolatility.js';
import { macd } from './macd.js';
import { maCross } from './maCross.js';
import { momentum } from './momentum.js';
import { reversal } from './reversal.js';
import { rsi } from './rsi.js';

/**
 * Test reference: the ten built-in factors exactly as they were at commit f1fcf6f, before the
 * kernels were reorganised for speed (issue 14), frozen here with their kernels (../kernels) so
 * that tests can require the current factors to reproduce every score bit for bit. Do not edit.
 */
export const PREVIOUS_BUILTIN_FACTORS: readonly FactorDefinition[] = Object.freeze([
  momentum,
  reversal,
  lowVolatility,
  maCross,
  macd,
  rsi,
  bollinger,
  high52w,
  lowLiquidity,
  amihud,
]);
