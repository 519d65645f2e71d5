import fc from 'fast-check';

/** Test generators of series with gaps (NaN, sometimes an infinity) for kernel properties. */
const gap = fc.constantFrom(Number.NaN, Number.NaN, Number.NaN, Number.POSITIVE_INFINITY);

/** Positive values over seven orders of magnitude, about one in ten missing. */
export const positiveSeries = fc.array(
  fc.oneof({ arbitrary: fc.double({ min: 1e-3, max: 1e4, noNaN: true }), weight: 9 }, { arbitrary: gap, weight: 1 }),
  { maxLength: 80 },
);

/** Small integers of both signs (many repeats, so constant windows occur), about one in ten missing. */
export const signedIntegerSeries = fc.array(
  fc.oneof({ arbitrary: fc.integer({ min: -20, max: 20 }), weight: 9 }, { arbitrary: gap, weight: 1 }),
  { maxLength: 80 },
);

/**
 * Price paths: a start in [1, 2000] times daily factors in [0.9, 1.1], some steps repeating
 * the last price and about one in twenty days missing (the path goes on behind the gap).
 */
export const pricePathSeries = fc
  .tuple(
    fc.double({ min: 1, max: 2000, noNaN: true }),
    fc.array(
      fc.oneof(
        { arbitrary: fc.double({ min: -0.1, max: 0.1, noNaN: true }), weight: 15 },
        { arbitrary: fc.constant(0), weight: 4 },
        { arbitrary: fc.constant(Number.NaN), weight: 1 },
      ),
      { maxLength: 150 },
    ),
  )
  .map(([start, steps]) => {
    let price = start;
    return steps.map((step) => {
      if (Number.isNaN(step)) return Number.NaN;
      price *= 1 + step;
      return price;
    });
  });

/** 1 to 5 series of one common length (a block of symbols), each drawn from `values`. */
export function seriesBlock(values: fc.Arbitrary<number>): fc.Arbitrary<number[][]> {
  return fc
    .integer({ min: 0, max: 60 })
    .chain((length) => fc.array(fc.array(values, { minLength: length, maxLength: length }), { minLength: 1, maxLength: 5 }));
}

/** Values for seriesBlock: positive doubles with about one in ten missing. */
export const positiveValue = fc.oneof(
  { arbitrary: fc.double({ min: 1e-3, max: 1e4, noNaN: true }), weight: 9 },
  { arbitrary: gap, weight: 1 },
);
