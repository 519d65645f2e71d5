import { describe, expect, test } from 'vitest';
import { quoteText } from './quoteText.js';

describe('quoteText', () => {
  test('quotes short text whole, escaping what would break the line', () => {
    expect(quoteText('12.5x')).toBe('"12.5x"');
    expect(quoteText('a\nb\r\t"c"\\')).toBe('"a\\nb\\r\\t\\"c\\"\\\\"');
  });

  test('cuts long text at the limit with an ellipsis and its byte length', () => {
    expect(quoteText('abcdef', 4)).toBe('"abcd…" (6 bytes)');
    expect(quoteText('é'.repeat(10), 3)).toBe('"ééé…" (20 bytes)');
    const quoted = quoteText(`${'x'.repeat(5_000_000)}\n${'y'.repeat(142)}`);
    expect(quoted).toBe(`"${'x'.repeat(120)}…" (5000143 bytes)`);
  });

  test('a text of exactly the limit is quoted whole', () => {
    expect(quoteText('x'.repeat(120))).toBe(`"${'x'.repeat(120)}"`);
  });
});
