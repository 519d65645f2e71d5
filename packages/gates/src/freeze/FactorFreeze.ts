import { relative, dirname } from 'node:path';
import { compareCodePoints, PROTOCOL_VERSION, sha256Hex } from '@wf/engine';
import type { GatePlan } from '../plan/planGateRun.js';

/** One frozen factor: its resolved candidate list and the hash of both. */
export type FrozenFactor = {
  readonly id: string;
  /** Canonical params text of every candidate in grid order (defaults filled in). */
  readonly candidates: readonly string[];
  /** sha256 of JSON [id, candidates]. */
  readonly sha256: string;
};

/**
 * A freeze manifest (`--write-freeze FILE`; checked through the config's `freeze:` key):
 * the reviewed factor set. Factors are compared by their resolved candidates, so writing a
 * default parameter explicitly or leaving it out gives the same freeze. No times or
 * absolute paths: equal factor sets give equal files.
 */
export type FactorFreeze = {
  readonly freezeVersion: 1;
  readonly protocolVersion: number;
  /** In id order. */
  readonly factors: readonly FrozenFactor[];
  /** User factor modules: path relative to the freeze file's folder, and content hash. */
  readonly factorModules: readonly { readonly path: string; readonly sha256: string }[];
  /** sha256 of JSON [factors' [id, sha256], modules' sha256]: the whole set in one value. */
  readonly sha256: string;
};

/** The freeze of a planned run, with module paths relative to `freezePath`'s folder. */
export function computeFreeze(plan: GatePlan, freezePath: string): FactorFreeze {
  const factors = plan.factors.map((f) => ({
    id: f.id,
    candidates: [...f.candidates],
    sha256: hashJson([f.id, f.candidates]),
  }));
  const factorModules = plan.factorModules.map((m) => ({ path: relative(dirname(freezePath), m.path), sha256: m.sha256 }));
  return {
    freezeVersion: 1,
    protocolVersion: PROTOCOL_VERSION,
    factors,
    factorModules,
    sha256: hashJson([factors.map((f) => [f.id, f.sha256]), factorModules.map((m) => m.sha256)]),
  };
}

/**
 * The differences between a frozen and a current factor set, one readable line each:
 * `+ id (not in the freeze)`, `- id (frozen, not in the config)`, `~ id: candidates [...] -> [...]`,
 * and changed user factor modules. Empty when they agree.
 */
export function diffFreeze(frozen: FactorFreeze, current: FactorFreeze): string[] {
  const diff: string[] = [];
  const before = new Map(frozen.factors.map((f) => [f.id, f]));
  const after = new Map(current.factors.map((f) => [f.id, f]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort(compareCodePoints);
  for (const id of ids) {
    const was = before.get(id);
    const now = after.get(id);
    if (was === undefined) diff.push(`+ ${id} (not in the freeze)`);
    else if (now === undefined) diff.push(`- ${id} (frozen, not in the config)`);
    else if (was.sha256 !== now.sha256) diff.push(`~ ${id}: candidates [${was.candidates.join(' | ')}] -> [${now.candidates.join(' | ')}]`);
  }
  const modules = (freeze: FactorFreeze): string => freeze.factorModules.map((m) => m.sha256).sort().join(',');
  if (modules(frozen) !== modules(current)) {
    const list = (freeze: FactorFreeze): string => freeze.factorModules.map((m) => `${m.path}@${m.sha256.slice(0, 12)}`).join(', ') || 'none';
    diff.push(`~ factor modules: [${list(frozen)}] -> [${list(current)}]`);
  }
  return diff;
}

function hashJson(value: unknown): string {
  return sha256Hex(new TextEncoder().encode(JSON.stringify(value)));
}
