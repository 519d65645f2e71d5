import { InvalidSweepOptionsError } from '../errors.js';

/**
 * Which candidates keep their daily artifacts (returns, equity curve, rebalance days):
 * none; the current top N only (a bounded heap, written at the end); or all (each
 * written to its own file as it finishes).
 */
export type ArtifactPolicy = { readonly kind: 'none' } | { readonly kind: 'top'; readonly n: number } | { readonly kind: 'all' };

/** Parses `none`, `all` or `top:N` (N a positive integer). */
export function parseArtifactPolicy(text: string): ArtifactPolicy {
  if (text === 'none') return { kind: 'none' };
  if (text === 'all') return { kind: 'all' };
  const match = /^top:([1-9][0-9]*)$/.exec(text);
  if (match !== null) return { kind: 'top', n: Number(match[1]) };
  throw new InvalidSweepOptionsError('artifacts', `${JSON.stringify(text)} is not none, all or top:N (N a positive integer)`);
}

export function formatArtifactPolicy(policy: ArtifactPolicy): string {
  return policy.kind === 'top' ? `top:${policy.n}` : policy.kind;
}
