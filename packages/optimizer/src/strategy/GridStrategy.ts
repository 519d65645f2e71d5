import type { ParameterSpace } from '../space/ParameterSpace.js';
import type { SweepCandidate } from '../sweep/SweepCandidate.js';
import type { SearchStrategy } from './SearchStrategy.js';

/**
 * Every grid point in PROTOCOL section 7 order (keys sorted, values as listed, last key
 * fastest), constraint violators skipped. For a space of lists this is exactly
 * `protocolCandidates`. Walks grid indices lazily.
 */
export class GridStrategy implements SearchStrategy {
  readonly name = 'grid' as const;
  private readonly space: ParameterSpace;
  private cursor = 0;
  private dropped = 0;

  constructor(space: ParameterSpace) {
    this.space = space;
  }

  propose(max: number): SweepCandidate[] {
    const out: SweepCandidate[] = [];
    while (out.length < max && this.cursor < this.space.size) {
      const candidate = this.space.decode(this.cursor);
      this.cursor += 1;
      if (candidate === null) this.dropped += 1;
      else out.push(candidate);
    }
    return out;
  }

  observe(): void {}

  rejected(): number {
    return this.dropped;
  }
}
