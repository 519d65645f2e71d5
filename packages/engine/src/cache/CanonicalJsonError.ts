import { WfError } from '../errors/WfError.js';

/** A value cannot be written as canonical JSON (it has no single, lossless JSON form). */
export class CanonicalJsonError extends WfError {
  /** JSON-pointer-like path of the offending value, e.g. `/universe/topN`. */
  readonly path: string;
  readonly valueText: string;

  constructor(options: { path: string; valueText: string; expected: string }) {
    super(
      'CANONICAL_JSON_UNSUPPORTED',
      `cannot write ${options.valueText} at "${options.path || '/'}" as canonical JSON: expected ${options.expected}`,
    );
    this.path = options.path;
    this.valueText = options.valueText;
  }
}
