/**
 * Orders strings by Unicode code point (PROTOCOL sections 1 and 7: "sorted by code-point
 * order"), unlike `<` and the default sort, which compare UTF-16 code units and put
 * U+E000..U+FFFF after astral characters. Usable as a sort comparator.
 */
export function compareCodePoints(a: string, b: string): number {
  const shared = Math.min(a.length, b.length);
  for (let k = 0; k < shared; k++) {
    const x = a.charCodeAt(k);
    const y = b.charCodeAt(k);
    if (x === y) continue;
    // A surrogate unit starts a code point above U+FFFF, so it sorts after any other unit.
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
