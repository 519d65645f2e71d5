import { WfError } from '@wf/engine';

/** Every candidate of a factor's space fails the factor's constraints. */
export class EmptySpaceError extends WfError {
  readonly factorId: string;

  constructor(factorId: string) {
    super('EMPTY_SPACE', `factor ${factorId}: every candidate of its space violates the factor's constraints`);
    this.factorId = factorId;
  }
}
