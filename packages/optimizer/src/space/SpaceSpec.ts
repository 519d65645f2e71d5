import type { Dimension, SweepablePortfolioKey } from './Dimension.js';

/**
 * A validated parameter space before it meets its factor: the dimensions of factor
 * parameters and of swept portfolio settings. Read from a YAML/JSON space file
 * (`parseSpaceSpec`) or from a config factor entry (`spaceSpecFromFactorSpec`).
 */
export type SpaceSpec = {
  readonly params: Readonly<Record<string, Dimension>>;
  readonly portfolio: Readonly<Partial<Record<SweepablePortfolioKey, Dimension>>>;
};
