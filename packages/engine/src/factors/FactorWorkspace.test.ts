import { describe, expect, it } from 'vitest';
import { FactorWorkspace } from './FactorWorkspace.js';

describe('FactorWorkspace', () => {
  it('computes an intermediate once and returns the same array for the same source view and key', () => {
    const workspace = new FactorWorkspace();
    const source = new Float64Array(10);
    let fills = 0;
    const share = (view: Float64Array, key: string): Float64Array =>
      workspace.share({ source: view, key, length: 4, fill: (array) => (fills++, array.fill(fills)) });
    const first = share(source, 'a');
    expect(share(source, 'a')).toBe(first);
    expect(share(source.subarray(0), 'a')).toBe(first);
    expect(fills).toBe(1);
    // Another key, another view of the same buffer, another buffer: each computed afresh.
    expect(share(source, 'b')[0]).toBe(2);
    expect(share(source.subarray(2), 'b')[0]).toBe(3);
    expect(share(new Float64Array(10), 'b')[0]).toBe(4);
    expect(fills).toBe(4);
  });

  it('keeps the most recently used maxArrays intermediates and recycles an evicted array of the same size', () => {
    const workspace = new FactorWorkspace(2);
    const source = new Float64Array(3);
    const keysFilled: string[] = [];
    const share = (key: string, length = 5): Float64Array =>
      workspace.share({ source, key, length, fill: (array) => (keysFilled.push(key), array.fill(key.charCodeAt(0))) });
    const a = share('a');
    share('b');
    share('a'); // a is now the most recent: c evicts b
    const c = share('c');
    expect(share('a')).toBe(a);
    expect(keysFilled).toEqual(['a', 'b', 'c']);
    const b = share('b'); // evicts c and reuses its array
    expect(b).toBe(c);
    expect(b[0]).toBe('b'.charCodeAt(0));
    expect(share('d', 7).length).toBe(7); // a's array (5 elements) cannot be recycled
    expect(keysFilled).toEqual(['a', 'b', 'c', 'b', 'd']);
  });

  it('forgets everything on clear', () => {
    const workspace = new FactorWorkspace(1);
    const source = new Float64Array(1);
    let fills = 0;
    const share = (): Float64Array => workspace.share({ source, key: 'x', length: 1, fill: () => fills++ });
    share();
    workspace.clear();
    share();
    expect(fills).toBe(2);
    expect(() => new FactorWorkspace(0)).toThrow(RangeError);
  });
});
