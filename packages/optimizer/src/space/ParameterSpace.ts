import { canonicalParams, compareCodePoints, resolveParams, UnknownParamError } from '@wf/engine';
import type { FactorDefinition, FactorParams, ParamValue, PortfolioConfig } from '@wf/engine';
import type { PortfolioSetting } from '../sweep/candidateSignature.js';
import { candidateSignature } from '../sweep/candidateSignature.js';
import type { SweepCandidate } from '../sweep/SweepCandidate.js';
import type { Dimension, DimensionTarget, SweepablePortfolioKey } from './Dimension.js';
import { dimensionAxis } from './dimensionValues.js';
import type { DimensionAxis } from './dimensionValues.js';
import { InvalidSpaceError } from '../errors.js';
import type { SpaceProblem } from '../errors.js';
import type { SpaceSpec } from './SpaceSpec.js';

/** One axis of a ParameterSpace, in grid order. */
export type SpaceDimension = {
  readonly name: string;
  readonly target: DimensionTarget;
  readonly dimension: Dimension;
  readonly axis: DimensionAxis;
};

export type ParameterSpaceOptions = {
  readonly factor: FactorDefinition;
  readonly spec: SpaceSpec;
  /** The run's portfolio settings; swept settings override them per candidate. */
  readonly portfolio: PortfolioConfig;
  /** Names the space's origin in error messages (a file path or `config factor <id>`). */
  readonly source: string;
};

/**
 * A factor's parameter space, possibly sweeping portfolio settings too. Its grid order is
 * PROTOCOL section 7's: factor parameters sorted by name, then swept portfolio settings
 * sorted by name, values in dimension order, the last dimension fastest (so candidates
 * sharing a score matrix are neighbours). Candidates are decoded from a grid index by
 * mixed-radix arithmetic: a grid of a billion points never materialises.
 *
 * A candidate whose complete params fail the factor's `validate` (e.g. fast >= slow), or
 * whose `quantiles` exceed the portfolio's `min_names`, is not a candidate (`decode` gives null).
 */
export class ParameterSpace {
  readonly factor: FactorDefinition;
  readonly portfolio: PortfolioConfig;
  readonly dimensions: readonly SpaceDimension[];
  /** Number of grid points (valid or not), at most Number.MAX_SAFE_INTEGER. */
  readonly size: number;
  private readonly factorDims: number;

  constructor(options: ParameterSpaceOptions) {
    const { factor, spec, source } = options;
    this.factor = factor;
    this.portfolio = options.portfolio;
    const problems: SpaceProblem[] = [];
    const known = Object.keys(factor.defaults).sort(compareCodePoints);
    const dims: SpaceDimension[] = [];
    for (const name of Object.keys(spec.params).sort(compareCodePoints)) {
      if (!Object.hasOwn(factor.defaults, name)) throw new UnknownParamError({ factorId: factor.id, param: name, knownParams: known });
      const dimension = spec.params[name] as Dimension;
      const axis = dimensionAxis(dimension);
      checkValueTypes({ name, axis, expected: factor.defaults[name] as ParamValue, problems });
      dims.push({ name, target: 'factor', dimension, axis });
    }
    this.factorDims = dims.length;
    for (const name of Object.keys(spec.portfolio).sort(compareCodePoints) as SweepablePortfolioKey[]) {
      const dimension = spec.portfolio[name] as Dimension;
      const axis = dimensionAxis(dimension);
      checkPortfolioValues({ name, axis, problems });
      dims.push({ name, target: 'portfolio', dimension, axis });
    }
    let size = 1;
    for (const dim of dims) size *= dim.axis.size;
    if (!(size <= Number.MAX_SAFE_INTEGER)) {
      problems.push({ keyPath: '', problem: `the grid has ${size} points, more than ${Number.MAX_SAFE_INTEGER}` });
    }
    if (problems.length > 0) throw new InvalidSpaceError({ source, problems });
    this.dimensions = dims;
    this.size = size;
  }

  /** The grid digits of `index` (position per dimension) written into `out`. */
  digitsOf(index: number, out: Int32Array): void {
    let rest = index;
    for (let d = this.dimensions.length - 1; d >= 0; d--) {
      const radix = (this.dimensions[d] as SpaceDimension).axis.size;
      out[d] = rest % radix;
      rest = Math.floor(rest / radix);
    }
  }

  /** The grid index of per-dimension positions (the inverse of `digitsOf`). */
  indexOf(digits: ArrayLike<number>): number {
    let index = 0;
    for (let d = 0; d < this.dimensions.length; d++) {
      index = index * (this.dimensions[d] as SpaceDimension).axis.size + (digits[d] as number);
    }
    return index;
  }

  /** The candidate at grid `index` (0 <= index < size), or null when it violates a constraint. */
  decode(index: number): SweepCandidate | null {
    const partial: Record<string, ParamValue> = {};
    const settings: PortfolioSetting[] = [];
    let rest = index;
    const positions = new Array<number>(this.dimensions.length);
    for (let d = this.dimensions.length - 1; d >= 0; d--) {
      const radix = (this.dimensions[d] as SpaceDimension).axis.size;
      positions[d] = rest % radix;
      rest = Math.floor(rest / radix);
    }
    for (let d = 0; d < this.dimensions.length; d++) {
      const dim = this.dimensions[d] as SpaceDimension;
      const value = dim.axis.valueAt(positions[d] as number);
      if (d < this.factorDims) partial[dim.name] = value;
      else settings.push([dim.name, value as number]);
    }
    if (this.factor.validate({ ...this.factor.defaults, ...partial }) !== null) return null;
    const params: FactorParams = resolveParams(this.factor, partial);
    let portfolio: PortfolioConfig | null = null;
    let portfolioText = '';
    if (settings.length > 0) {
      portfolio = applySettings(this.portfolio, settings);
      if (portfolio.quantiles > portfolio.minNames) return null;
      portfolioText = settings.map(([name, value]) => `${name}=${String(value)}`).join(';');
    }
    return { index, params, paramsText: canonicalParams(params), portfolio, portfolioText, signature: candidateSignature(params, settings) };
  }
}

function applySettings(base: PortfolioConfig, settings: readonly PortfolioSetting[]): PortfolioConfig {
  let { holdingDays, quantiles, costBps } = base;
  for (const [name, value] of settings) {
    if (name === 'holding_days') holdingDays = value;
    else if (name === 'quantiles') quantiles = value;
    else if (name === 'cost_bps') costBps = value;
  }
  return { ...base, holdingDays, quantiles, costBps };
}

function checkValueTypes(options: { name: string; axis: DimensionAxis; expected: ParamValue; problems: SpaceProblem[] }): void {
  const { name, axis, expected, problems } = options;
  // Ranged dimensions are numeric by construction; lists are checked value by value (lists are short).
  const limit = Math.min(axis.size, 10_000);
  for (let k = 0; k < limit; k++) {
    const value = axis.valueAt(k);
    if (typeof value !== typeof expected) {
      const quoted = typeof value === 'string' ? JSON.stringify(value) : String(value);
      problems.push({ keyPath: name, problem: `value ${quoted} must be a ${typeof expected} like the default (${String(expected)})` });
      return;
    }
  }
}

function checkPortfolioValues(options: { name: SweepablePortfolioKey; axis: DimensionAxis; problems: SpaceProblem[] }): void {
  const { name, axis, problems } = options;
  const limit = Math.min(axis.size, 10_000);
  for (let k = 0; k < limit; k++) {
    const value = axis.valueAt(k);
    const ok =
      typeof value === 'number' &&
      (name === 'cost_bps' ? Number.isFinite(value) && value >= 0 : Number.isInteger(value) && value >= 1);
    if (!ok) {
      const expected = name === 'cost_bps' ? 'a number >= 0' : 'an integer >= 1';
      problems.push({ keyPath: `portfolio.${name}`, problem: `value ${typeof value === 'string' ? JSON.stringify(value) : String(value)} must be ${expected}` });
      return;
    }
  }
}

