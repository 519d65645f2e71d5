/**
 * A seeded source of uniform random numbers. Strategies take one so that the same seed
 * gives the same candidates. (pure-rand is a dependency of @wf/engine only; this small
 * interface lets it replace `createSeededRandom` without touching a strategy.)
 */
export interface RandomSource {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** A uniform integer in [0, n) for 1 <= n <= 2^32, without modulo bias. */
  nextInt(n: number): number;
}
