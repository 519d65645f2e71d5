/**
 * Test references with exact integer arithmetic (BigInt), independent of the kernels'
 * floating-point algorithms: every finite double is m * 2^e with integers m and e >= -1074,
 * so sums and the centred sum of squares of a window are exact integers times a power of two,
 * rounded once to the nearest double (ties to even).
 */

const view = new DataView(new ArrayBuffer(8));

/** x = mantissa * 2^exponent exactly (x finite). */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  if (biased !== 0) mantissa |= 1n << 52n;
  if (high >>> 31 === 1) mantissa = -mantissa;
  return { mantissa, exponent: (biased === 0 ? 1 : biased) - 1075 };
}

/** The double nearest to value * 2^exponent (ties to even); +0 for 0, +-Infinity beyond the range. */
export function roundScaled(value: bigint, exponent: number): number {
  if (value === 0n) return 0;
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const bits = magnitude.toString(2).length;
  const shift = Math.max(bits - 53, -1074 - exponent);
  let result: number;
  if (shift <= 0) {
    result = Number(magnitude) * 2 ** exponent;
  } else {
    let kept = magnitude >> BigInt(shift);
    const rest = magnitude - (kept << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
    const scale = exponent + shift;
    result = scale > 1023 ? Number(kept) * 2 ** 1023 * 2 ** (scale - 1023) : Number(kept) * 2 ** scale;
  }
  return negative ? -result : result;
}

/** The values as integers over one common power of two: values[k] = scaled[k] * 2^exponent. */
function toCommonScale(values: readonly number[]): { scaled: bigint[]; exponent: number } {
  const parts = values.map(decompose);
  const exponent = parts.reduce((least, part) => Math.min(least, part.exponent), 0);
  return { scaled: parts.map((part) => part.mantissa << BigInt(part.exponent - exponent)), exponent };
}

/** fl(sum of values), computed exactly (values finite). */
export function exactSum(values: readonly number[]): number {
  const { scaled, exponent } = toCommonScale(values);
  return roundScaled(scaled.reduce((a, b) => a + b, 0n), exponent);
}

/** fl(n * sum x^2 - (sum x)^2) of n values, computed exactly: n times the centred sum of squares. */
export function exactCentredSquaresTimesCount(values: readonly number[]): number {
  const { scaled, exponent } = toCommonScale(values);
  const sum = scaled.reduce((a, b) => a + b, 0n);
  const squares = scaled.reduce((a, b) => a + b * b, 0n);
  return roundScaled(BigInt(values.length) * squares - sum * sum, 2 * exponent);
}

/** Sample std (ddof 1) from the exactly computed, once-rounded n * centred sum of squares; 0 for a constant window. */
export function exactStd(values: readonly number[]): number {
  const n = values.length;
  if (values.every((x) => x === values[0])) return 0;
  const scaled = exactCentredSquaresTimesCount(values);
  return scaled > 0 ? Math.sqrt(scaled / (n * (n - 1))) : 0;
}

/** Rolling exact references over a plain series: NaN unless the whole trailing window is finite. */
export function exactRollingMean(values: readonly number[], window: number): number[] {
  return values.map((_, t) => {
    const slice = values.slice(Math.max(0, t - window + 1), t + 1);
    return slice.length === window && slice.every(Number.isFinite) ? exactSum(slice) / window : Number.NaN;
  });
}

export function exactRollingStd(values: readonly number[], window: number): number[] {
  return values.map((_, t) => {
    const slice = values.slice(Math.max(0, t - window + 1), t + 1);
    return window >= 2 && slice.length === window && slice.every(Number.isFinite) ? exactStd(slice) : Number.NaN;
  });
}
