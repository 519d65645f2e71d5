import type { FactorParams } from '@wf/engine';

/** One complete, valid parameter set of a factor, with its canonical text (PROTOCOL section 7). */
export type Candidate = {
  readonly params: FactorParams;
  /** `key=value` pairs sorted by key, joined by `;`. Also the candidate's signature in a sweep. */
  readonly paramsText: string;
};
