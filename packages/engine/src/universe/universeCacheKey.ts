import { createHash } from 'node:crypto';
import { canonicalJson } from '../cache/canonicalJson.js';
import { PROTOCOL_VERSION } from '../protocol.js';
import type { UniverseConfig } from './Universe.js';

/** Version of the universe cache entry layout (UniverseCache); part of every key. */
export const UNIVERSE_CACHE_FORMAT_VERSION = 2;

/** Everything a universe depends on. */
export type UniverseKeyParts = {
  /** Fingerprint of the data files that fed the panel. */
  readonly dataFingerprint: string;
  /** sha256 of the engine code that computes the universe (EngineCodeIdentity.sha256). */
  readonly engineCode: string;
  /** Universe settings of PROTOCOL section 2; key order does not matter. */
  readonly universe: UniverseConfig;
};

/**
 * Content address of a universe cache entry: sha256 hex of the canonical JSON of
 * `{ protocolVersion, format, engineCode, dataFingerprint, universe }`. Throws CanonicalJsonError for a
 * config holding a non-finite number (which computeUniverse rejects anyway).
 */
export function universeCacheKey(parts: UniverseKeyParts): string {
  const text = canonicalJson({
    protocolVersion: PROTOCOL_VERSION,
    format: UNIVERSE_CACHE_FORMAT_VERSION,
    engineCode: parts.engineCode,
    dataFingerprint: parts.dataFingerprint,
    universe: parts.universe,
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
