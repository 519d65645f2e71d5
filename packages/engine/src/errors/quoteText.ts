/** Most characters of an input quoted in an error message (about one terminal line). */
export const MAX_QUOTED_CHARS = 120;

/**
 * Input text as quoted in a one-line error message: in double quotes with newlines, tabs,
 * quotes and other control characters escaped (JSON string syntax), so the message stays on
 * one line; text longer than `maxChars` is cut there with `…` and its full size in bytes
 * (UTF-8) appended, so a 5 MB field makes a message of a few hundred bytes.
 */
export function quoteText(text: string, maxChars: number = MAX_QUOTED_CHARS): string {
  if (text.length <= maxChars) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, maxChars)).slice(0, -1)}…" (${Buffer.byteLength(text, 'utf8')} bytes)`;
}
