import { createHash } from 'node:crypto';
import { PROTOCOL_VERSION } from '../protocol.js';
import { compareCodePoints } from '../util/compareCodePoints.js';

/** Version of the loader's reading rules; bump it when the same files would load to a different panel. */
export const DATA_FORMAT_VERSION = 1;

/** One input file: its location-independent key (`prices/AAPL`, `market_caps/AAPL`, `calendar`) and the sha256 hex of its bytes. */
export type FingerprintEntry = { readonly key: string; readonly sha256: string };

/**
 * The data fingerprint: sha256 hex over a format/protocol tag and the (key, content hash)
 * pairs of every file that fed the panel, sorted by key in code-point order. The same
 * file contents give the same fingerprint wherever the folders are and whatever their
 * mtimes; any changed byte, added or removed symbol changes it. Part of every cache key.
 */
export function computeDataFingerprint(entries: readonly FingerprintEntry[]): string {
  const sorted = [...entries].sort((a, b) => compareCodePoints(a.key, b.key));
  const hash = createHash('sha256');
  hash.update(`wf-panel-data format ${DATA_FORMAT_VERSION} protocol ${PROTOCOL_VERSION}\n`);
  for (const entry of sorted) hash.update(`${entry.key}\t${entry.sha256}\n`);
  return hash.digest('hex');
}

/** sha256 hex of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
