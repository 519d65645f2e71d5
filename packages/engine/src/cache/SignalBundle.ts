/** A typed array a signal cache entry can hold. */
export type SignalArray = Float64Array | Int32Array;

/**
 * A named set of typed arrays computed for one cache key, e.g. the date-major score
 * matrix (`scores`, Float64Array of nDates * nSymbols), a ranking order and counts.
 * Names are arbitrary non-empty strings chosen by the caller.
 */
export type SignalBundle = { readonly [name: string]: SignalArray };
