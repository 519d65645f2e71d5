import { readFileSync } from 'node:fs';
import { sha256Hex, writeFileAtomic } from '@wf/engine';
import { FreezeFileError, FreezeMismatchError } from '../errors.js';
import type { GatePlan } from '../plan/planGateRun.js';
import { computeFreeze, diffFreeze } from './FactorFreeze.js';
import type { FactorFreeze } from './FactorFreeze.js';

/** The freeze a run was checked against: its path and the sha256 of its bytes. */
export type FreezeCheck = { readonly path: string; readonly sha256: string };

/**
 * Checks the plan's factors against the freeze named by the config's `freeze:` key.
 * Returns null when the config names none.
 * @throws FreezeFileError when the file is unreadable or not a freeze, FreezeMismatchError with the diff.
 */
export function checkFreeze(plan: GatePlan): FreezeCheck | null {
  const path = plan.config.freeze;
  if (path === null) return null;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new FreezeFileError({ path, problem: `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}); write one with --write-freeze`, cause: error });
  }
  const frozen = parseFreeze(path, bytes.toString('utf8'));
  const diff = diffFreeze(frozen, computeFreeze(plan, path));
  if (diff.length > 0) throw new FreezeMismatchError({ freezePath: path, diff });
  return { path, sha256: sha256Hex(bytes) };
}

/** Writes the plan's freeze to `path` (pretty JSON, atomically); returns what was written. */
export function writeFreeze(plan: GatePlan, path: string): FreezeCheck {
  const text = `${JSON.stringify(computeFreeze(plan, path), null, 2)}\n`;
  try {
    writeFileAtomic(path, text);
  } catch (error) {
    throw new FreezeFileError({ path, problem: 'cannot write it', cause: error });
  }
  return { path, sha256: sha256Hex(new TextEncoder().encode(text)) };
}

function parseFreeze(path: string, text: string): FactorFreeze {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FreezeFileError({ path, problem: `not valid JSON (${(error as Error).message})`, cause: error });
  }
  const freeze = value as Partial<FactorFreeze> | null;
  const isStringList = (list: unknown): boolean => Array.isArray(list) && list.every((s) => typeof s === 'string');
  const ok =
    freeze !== null &&
    typeof freeze === 'object' &&
    freeze.freezeVersion === 1 &&
    Array.isArray(freeze.factors) &&
    freeze.factors.every((f) => typeof f?.id === 'string' && typeof f.sha256 === 'string' && isStringList(f.candidates)) &&
    Array.isArray(freeze.factorModules) &&
    freeze.factorModules.every((m) => typeof m?.path === 'string' && typeof m.sha256 === 'string');
  if (!ok) throw new FreezeFileError({ path, problem: 'not a freeze manifest (expected freezeVersion 1 with factors and factorModules, as --write-freeze writes)' });
  return freeze as FactorFreeze;
}
