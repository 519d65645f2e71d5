import type { ExactAccumulator } from './ExactAccumulator.js';

/** Veltkamp's splitter 2^27 + 1: x = hi + lo with hi and lo of at most 26 significant bits each. */
const SPLITTER = 134217729;

/** Below this share of n * S2 the double-double evaluation may lose more than ~2^-56 of the result: evaluate exactly. */
const EXACT_BELOW = 2 ** -48;

/**
 * n * sum (x - mean)^2 = n * S2 - S1^2 of a window of n values (PROTOCOL section 3's std,
 * before dividing by n (n - 1)), from exact double-doubles of its sums:
 * S1 = sum x = sums[at] + sums[at + 1], P = sum fl(x^2) = sums[at + 2] + sums[at + 3] and
 * R = sum (x^2 - fl(x^2)) = sums[at + 4] + sums[at + 5], so S2 = P + R (any pairs whose sums
 * are exact; they need not be normalised).
 *
 * A deterministic function of the exact S1, P and R (it reads them only through their
 * canonical pairs hi = fl(S), lo = S - hi), so of the window's values alone. Evaluated in
 * plain doubles, fl(n * fl(P)) - fl(S1)^2, when fl(S1)^2 is at most half of that product
 * (cancellation loses at most 2 bits; rollingStd inlines this case), in
 * double-double arithmetic otherwise (prices: the mean dwarfs the spread), and exactly,
 * correctly rounded, when even that keeps fewer than 48 bits (near-constant windows).
 * `exact` is scratch with room for 14 values. `n` must be below 2^26.
 */
export function centredSquaresTimesCount(sums: Float64Array, at: number, n: number, exact: ExactAccumulator): number {
  let hi = sums[at]!;
  let lo = sums[at + 1]!;
  const s1 = hi + lo;
  hi = sums[at + 2]!;
  lo = sums[at + 3]!;
  const squares = hi + lo;
  const nSquares = n * squares;
  const s1Squared = s1 * s1;
  // R = sum (x^2 - fl(x^2)) is below 2^-52 of P: it matters only where the difference cancels.
  if (s1Squared <= 0.5 * nSquares) return nSquares - s1Squared;
  // The canonical low parts (exact TwoSum errors of the sums above) and R's canonical pair.
  let z = squares - hi;
  const squaresLo = hi - (squares - z) + (lo - z);
  hi = sums[at]!;
  lo = sums[at + 1]!;
  z = s1 - hi;
  const s1Lo = hi - (s1 - z) + (lo - z);
  hi = sums[at + 4]!;
  lo = sums[at + 5]!;
  const errors = hi + lo;
  z = errors - hi;
  const errorsLo = hi - (errors - z) + (lo - z);
  // Double-double: n*P and S1^2 exactly as pairs (Dekker; n has under 27 bits), the rest rounded.
  let c = SPLITTER * s1;
  const s1Head = c - (c - s1);
  const s1Tail = s1 - s1Head;
  const s1SquaredError = s1Head * s1Head - s1Squared + 2 * s1Head * s1Tail + s1Tail * s1Tail;
  c = SPLITTER * squares;
  const squaresHead = c - (c - squares);
  const nSquaresError = squaresHead * n - nSquares + (squares - squaresHead) * n;
  const tail = nSquaresError - s1SquaredError + n * (squaresLo + errors + errorsLo) - 2 * s1 * s1Lo - s1Lo * s1Lo;
  const result = nSquares - s1Squared + tail;
  if (result > EXACT_BELOW * nSquares) return result;
  return exactCentredSquares({ n, s1, s1Lo, squares, squaresLo, errors, errorsLo, exact });
}

/** n * (P + R) - S1^2 from the canonical pairs, exactly, rounded once (near-constant windows). */
function exactCentredSquares(options: {
  readonly n: number;
  readonly s1: number;
  readonly s1Lo: number;
  readonly squares: number;
  readonly squaresLo: number;
  readonly errors: number;
  readonly errorsLo: number;
  readonly exact: ExactAccumulator;
}): number {
  const { n, s1, s1Lo, squares, squaresLo, errors, errorsLo, exact } = options;
  exact.reset();
  addProduct(exact, n, squares);
  addProduct(exact, n, squaresLo);
  addProduct(exact, n, errors);
  addProduct(exact, n, errorsLo);
  addProduct(exact, -s1, s1);
  addProduct(exact, -2 * s1, s1Lo);
  addProduct(exact, -s1Lo, s1Lo);
  return exact.rounded();
}

/** Adds a * b exactly (Dekker's TwoProduct; exact unless a partial product under- or overflows). */
function addProduct(exact: ExactAccumulator, a: number, b: number): void {
  const product = a * b;
  let c = SPLITTER * a;
  const aHead = c - (c - a);
  const aTail = a - aHead;
  c = SPLITTER * b;
  const bHead = c - (c - b);
  const bTail = b - bHead;
  exact.add(product);
  exact.add(aHead * bHead - product + aHead * bTail + aTail * bHead + aTail * bTail);
}
