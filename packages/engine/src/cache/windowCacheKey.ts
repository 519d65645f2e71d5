import { createHash } from 'node:crypto';
import { PROTOCOL_VERSION } from '../protocol.js';
import { canonicalJson } from './canonicalJson.js';

/**
 * Everything the rows of one walk-forward (factor, window) unit depend on (DESIGN.md,
 * "Caches are content-addressed"): the protocol, the code, the factor and its candidates,
 * the config slices that shape the unit, the window's calendar positions, and the data up
 * to the window's last realized date as a date prefix fingerprint. Factors, the universe
 * and the portfolio are causal, so days after `testEnd` cannot change the unit.
 */
export type WindowKeyParts = {
  /** Code identity digest of the engine's built code and every user module (a hex or other stable text). */
  readonly codeIdentity: string;
  readonly factorId: string;
  /** Canonical params text of every candidate, in protocol order (PROTOCOL section 7). */
  readonly candidates: readonly string[];
  readonly objective: string;
  /** Universe settings (PROTOCOL section 2). */
  readonly universe: unknown;
  /** Portfolio settings (PROTOCOL section 4). */
  readonly portfolio: unknown;
  /** Calendar positions of the window (PROTOCOL section 6). */
  readonly window: { readonly index: number; readonly trainStart: number; readonly trainEnd: number; readonly testStart: number; readonly testEnd: number };
  /** Date prefix fingerprint (hex) at `window.testEnd`. */
  readonly dataPrefix: string;
  /**
   * What the unit reads of the data after `testEnd`, which the prefix cannot cover: PROTOCOL
   * section 8b's listed lives end at a symbol's last valid close in the whole panel, so the
   * unit's gap count depends on which symbols still have a valid close after the window (a
   * digest of that set; see runWalkForward).
   */
  readonly beyondEnd: string;
  /** The unit's output layout: file names with their columns, so a format change is a new key. */
  readonly layout: readonly { readonly name: string; readonly columns: readonly string[] }[];
  /** Protocol version; defaults to PROTOCOL_VERSION. */
  readonly protocolVersion?: number;
};

/** Content address of a window cache entry: sha256 hex of the canonical JSON of its parts. */
export function windowCacheKey(parts: WindowKeyParts): string {
  const text = canonicalJson({
    kind: 'walk-forward-unit',
    protocolVersion: parts.protocolVersion ?? PROTOCOL_VERSION,
    codeIdentity: parts.codeIdentity,
    factorId: parts.factorId,
    candidates: [...parts.candidates],
    objective: parts.objective,
    universe: parts.universe,
    portfolio: parts.portfolio,
    window: { ...parts.window },
    dataPrefix: parts.dataPrefix,
    beyondEnd: parts.beyondEnd,
    layout: parts.layout.map((file) => ({ name: file.name, columns: [...file.columns] })),
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
