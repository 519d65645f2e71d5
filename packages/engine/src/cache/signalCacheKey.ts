import { createHash } from 'node:crypto';
import { PROTOCOL_VERSION } from '../protocol.js';
import type { UniverseConfig } from '../universe/Universe.js';
import { canonicalJson } from './canonicalJson.js';

/** Everything a computed signal depends on (DESIGN.md "Caches are content-addressed"). */
export type SignalKeyParts = {
  /** Factor id, e.g. `reversal`. */
  readonly factorId: string;
  /** Canonical params text of PROTOCOL section 7, e.g. `lookback=252;skip=21`. */
  readonly params: string;
  /** Fingerprint of the input data (prices, market caps, calendar). */
  readonly dataFingerprint: string;
  /**
   * sha256 of the code identity that computes the entry (CodeIdentity.sha256: the engine's
   * built code and every user factor module with the local files it imports).
   */
  readonly codeIdentity: string;
  /** Universe settings of PROTOCOL section 2; key order does not matter. */
  readonly universe: UniverseConfig;
  /** Protocol version; defaults to PROTOCOL_VERSION. Set only to address entries of another version. */
  readonly protocolVersion?: number;
  /**
   * What is stored when it is not the signal itself but something derived from it, e.g. a
   * daily table of one portfolio shape (`daily-table:quantile_long_short:5:1:10`). Absent for
   * the signal; when present it is part of the key.
   */
  readonly variant?: string;
};

/**
 * Content address of a signal cache entry: the lowercase sha256 hex of the canonical JSON
 * of `{ protocolVersion, codeIdentity, factorId, params, dataFingerprint, universe[, variant] }`
 * (keys sorted at every level). Any change to any part gives a different key, so nothing
 * computed by other code or from other data is ever served; equal parts give equal keys in
 * every process and on every machine.
 */
export function signalCacheKey(parts: SignalKeyParts): string {
  const text = canonicalJson({
    protocolVersion: parts.protocolVersion ?? PROTOCOL_VERSION,
    codeIdentity: parts.codeIdentity,
    factorId: parts.factorId,
    params: parts.params,
    dataFingerprint: parts.dataFingerprint,
    universe: parts.universe,
    ...(parts.variant === undefined ? {} : { variant: parts.variant }),
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
