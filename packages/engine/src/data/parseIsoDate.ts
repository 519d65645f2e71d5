/**
 * Parses an ISO calendar date `YYYY-MM-DD` (exactly ten characters, a real day of the
 * Gregorian calendar, year 0001..9999) into the YYYYMMDD integer the panel stores
 * (PROTOCOL section 1). Returns NaN for anything else, so callers can report the line.
 */
export function parseIsoDate(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return year * 10000 + month * 100 + day;
}

/** Days of `month` (1..12) in `year`, Gregorian leap rules. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The decimal value of text[from..to), or -1 when a character is not an ASCII digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let k = from; k < to; k++) {
    const code = text.charCodeAt(k) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}
