import type { FactorParams } from '@wf/engine';
import { compareCodePoints } from '@wf/engine';

/** A swept portfolio setting and its value, e.g. ['cost_bps', 5]. */
export type PortfolioSetting = readonly [name: string, value: number];

/**
 * The signature of a candidate: a 64-bit structural hash (two independent 32-bit lanes,
 * 16 hex digits) over the parameter names in code-point order, each value's type and text,
 * then the swept portfolio settings. Unlike the canonical text it tells the number 1 from
 * the string "1". No JSON and no intermediate string is built: it runs once per proposal.
 */
export function candidateSignature(params: FactorParams, portfolio: readonly PortfolioSetting[]): string {
  const keys = Object.keys(params);
  if (!isSorted(keys)) keys.sort(compareCodePoints);
  const state = new Uint32Array([0x811c9dc5, 0x9747b28c]);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const value = params[key];
    mixText(state, key);
    mixCode(state, typeof value === 'number' ? 1 : typeof value === 'string' ? 2 : 3);
    mixText(state, String(value));
    mixCode(state, 0x1f);
  }
  mixCode(state, 0x1e);
  for (let k = 0; k < portfolio.length; k++) {
    const setting = portfolio[k] as PortfolioSetting;
    mixText(state, setting[0]);
    mixCode(state, 1);
    mixText(state, String(setting[1]));
    mixCode(state, 0x1f);
  }
  return hex8(finalize(state[0] as number)) + hex8(finalize((state[1] as number) ^ keys.length));
}

function mixText(state: Uint32Array, text: string): void {
  for (let i = 0; i < text.length; i++) mixCode(state, text.charCodeAt(i));
  mixCode(state, 0);
}

/** FNV-1a on lane 0, a murmur3-style round on lane 1. */
function mixCode(state: Uint32Array, code: number): void {
  state[0] = Math.imul((state[0] as number) ^ code, 0x01000193);
  let h = (state[1] as number) ^ Math.imul(code, 0xcc9e2d51);
  h = (h << 13) | (h >>> 19);
  state[1] = Math.imul(h, 5) + 0xe6546b64;
}

function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex8(x: number): string {
  return x.toString(16).padStart(8, '0');
}

function isSorted(keys: readonly string[]): boolean {
  for (let k = 1; k < keys.length; k++) if (compareCodePoints(keys[k - 1] as string, keys[k] as string) > 0) return false;
  return true;
}

