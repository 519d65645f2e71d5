const MAX_SHOWN_CHARS = 60;

/**
 * A config value as quoted in a problem message: strings in double quotes, numbers in
 * JavaScript's shortest form (including NaN and Infinity), lists and mappings as JSON,
 * shortened past 60 characters.
 */
export function formatConfigValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 3)}...` : text;
}
