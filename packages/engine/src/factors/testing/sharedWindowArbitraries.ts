import fc from 'fast-check';

/** Finite values from 1e-100 to 1e100 in magnitude, both signs, zeros of both signs and repeats (tests of exact window sums). */
export const wideValue = fc.oneof(
  { arbitrary: fc.double({ min: -1e100, max: 1e100, noNaN: true }), weight: 4 },
  { arbitrary: fc.double({ min: 1e-3, max: 1e4, noNaN: true }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 300 }).map((e) => (e % 2 === 0 ? 1 : -1) * 10 ** ((e % 201) - 100)), weight: 2 },
  { arbitrary: fc.constantFrom(0, -0, 0.1, 1, 1e-300, 1e100), weight: 1 },
);

/** Finite positive values from about 1e-100 to 1e100 (inputs of ratios and logs). */
export const widePositiveValue = wideValue.map((x) => (x === 0 ? 1 : Math.abs(x)));

/** A history: wide values with gaps (NaN, an infinity now and then), up to 120 long. */
export function historyOf(value: fc.Arbitrary<number>): fc.Arbitrary<number[]> {
  return fc.array(
    fc.oneof(
      { arbitrary: value, weight: 12 },
      { arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY), weight: 1 },
    ),
    { maxLength: 120 },
  );
}

/**
 * A window of `length` finite values shared by several series: random wide values, a constant
 * (possibly huge or tiny), or a level near 1e4 with a spread of a few ulps to 1e-2.
 */
export function sharedWindowOf(value: fc.Arbitrary<number>, length: number): fc.Arbitrary<number[]> {
  return fc.oneof(
    fc.array(value, { minLength: length, maxLength: length }),
    value.map((x) => Array<number>(length).fill(x)),
    fc
      .tuple(fc.double({ min: 1, max: 1e4, noNaN: true }), fc.constantFrom(1e-16, 1e-12, 1e-6, 1e-2), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: length, maxLength: length }))
      .map(([level, spread, steps]) => steps.map((k) => level * (1 + k * spread))),
  );
}

/**
 * Two histories followed by one shared window of `length` values (at least `window`): the
 * positions whose trailing `window` lies inside the shared part must score bit-identically.
 */
export function historiesThenSharedWindow(options: { readonly value: fc.Arbitrary<number>; readonly minWindow: number; readonly maxWindow: number }) {
  return fc
    .tuple(fc.integer({ min: options.minWindow, max: options.maxWindow }), fc.integer({ min: 0, max: 5 }))
    .chain(([window, extra]) =>
      fc.record({
        window: fc.constant(window),
        histories: fc.tuple(historyOf(options.value), historyOf(options.value)),
        shared: sharedWindowOf(options.value, window + extra),
      }),
    );
}

/** Object.is over the last `count` elements of two series (bit-identical, -0 distinct from 0, NaN equal to NaN). */
export function sameTail(a: readonly number[], b: readonly number[], count: number): boolean {
  for (let k = 1; k <= count; k++) if (!Object.is(a[a.length - k], b[b.length - k])) return false;
  return true;
}
