import type { FactorDefinition } from '../FactorDefinition.js';
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

/** The ten factors of PROTOCOL section 3, in the protocol's table order. */
export const BUILTIN_FACTORS: readonly FactorDefinition[] = Object.freeze([
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
