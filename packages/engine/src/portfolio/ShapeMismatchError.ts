import { WfError } from '../errors/WfError.js';

/** An array handed to the ranking or the simulation does not have the panel's shape. */
export class ShapeMismatchError extends WfError {
  readonly what: string;
  readonly expectedLength: number;
  readonly actualLength: number;

  constructor(facts: { what: string; expectedLength: number; actualLength: number }) {
    super(
      'SHAPE_MISMATCH',
      `${facts.what} has length ${facts.actualLength}, expected ${facts.expectedLength} (the panel's shape)`,
    );
    this.what = facts.what;
    this.expectedLength = facts.expectedLength;
    this.actualLength = facts.actualLength;
  }
}

/** Throws a ShapeMismatchError unless `actualLength === expectedLength`. */
export function checkLength(what: string, actualLength: number, expectedLength: number): void {
  if (actualLength !== expectedLength) throw new ShapeMismatchError({ what, expectedLength, actualLength });
}
