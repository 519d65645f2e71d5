import { DEFAULT_QUEUE_NAME } from '@wf/queue';
import { describe, expect, it } from 'vitest';
import { QUEUE_NAME_DEFAULT } from '../src/queueFlags.js';

describe('QUEUE_NAME_DEFAULT', () => {
  it("is @wf/queue's default queue name (wf-gates spells it out so a local run does not load BullMQ)", () => {
    expect(QUEUE_NAME_DEFAULT).toBe(DEFAULT_QUEUE_NAME);
  });
});
