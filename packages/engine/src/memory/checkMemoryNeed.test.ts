import { describe, expect, it } from 'vitest';
import { MemoryLimitError } from '../errors.js';
import { checkMemoryNeed, formatGb } from './checkMemoryNeed.js';

describe('checkMemoryNeed', () => {
  it('passes what fits the limit or has no limit, and refuses the rest with one line naming both sizes', () => {
    const limit = { bytes: 2 * 1024 ** 3, source: "the machine's memory" };
    expect(() => checkMemoryNeed({ what: 'x', needBytes: limit.bytes, limit })).not.toThrow();
    expect(() => checkMemoryNeed({ what: 'x', needBytes: 1e15, limit: null })).not.toThrow();
    expect(() => checkMemoryNeed({ what: 'the panel of 5000 symbols x 5000 dates', needBytes: 3 * 1024 ** 3, limit })).toThrow(
      new MemoryLimitError({ what: 'the panel of 5000 symbols x 5000 dates', needBytes: 3 * 1024 ** 3, limitBytes: limit.bytes, source: limit.source, hint: 'run on a machine with more memory, or on fewer symbols or dates' }),
    );
    expect(() => checkMemoryNeed({ what: 'the run', needBytes: limit.bytes + 1, limit, hint: 'what fits: --workers 1' })).toThrow(
      /^the run needs an estimated 2\.00 GB of memory, more than the machine's memory \(2\.00 GB\): what fits: --workers 1$/,
    );
    expect(formatGb(1.5 * 1024 ** 3)).toBe('1.50 GB');
  });
});
