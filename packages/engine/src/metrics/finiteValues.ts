/** A new array holding the finite entries of `values`, in order (e.g. the defined daily ICs). */
export function finiteValues(values: Float64Array): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]!)) count++;
  }
  if (count === values.length) return values.slice();
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isFinite(x)) out[k++] = x;
  }
  return out;
}
