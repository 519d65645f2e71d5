import type { FactorSpec } from '@wf/engine';
import type { Dimension } from './Dimension.js';
import type { SpaceSpec } from './SpaceSpec.js';

/**
 * The space of a config factor entry (PROTOCOL section 7): its `space` lists as list
 * dimensions, or its fixed `params` as one-value lists (one candidate), or no dimension at
 * all (the defaults). The grid of the result is the order of `protocolCandidates`.
 */
export function spaceSpecFromFactorSpec(spec: FactorSpec): SpaceSpec {
  const params: Record<string, Dimension> = {};
  if (spec.space !== undefined) {
    for (const [name, values] of Object.entries(spec.space)) params[name] = { kind: 'list', values };
  } else if (spec.params !== undefined) {
    for (const [name, value] of Object.entries(spec.params)) params[name] = { kind: 'list', values: [value] };
  }
  return { params, portfolio: {} };
}
