/** What the heap ranks: the objective (NaN worst) and, on ties, the earlier ordinal. */
export type Ranked = { readonly ordinal: number; readonly objective: number };

/** True when `a` ranks above `b` (PROTOCOL section 7: higher objective, NaN worst, ties to the earlier). */
export function ranksAbove(a: Ranked, b: Ranked): boolean {
  const an = Number.isNaN(a.objective);
  const bn = Number.isNaN(b.objective);
  if (an !== bn) return bn;
  if (!an && a.objective !== b.objective) return a.objective > b.objective;
  return a.ordinal < b.ordinal;
}

/**
 * The best `capacity` entries seen so far, in O(capacity) memory: a binary heap whose root
 * is the worst kept entry, so an offer costs O(log capacity) and most offers (worse than
 * the root) cost one comparison. Entries may carry heavy payloads (daily series): they
 * live only while the entry is in the top.
 */
export class TopKHeap<T extends Ranked> {
  readonly capacity: number;
  private readonly items: T[] = [];

  constructor(capacity: number) {
    this.capacity = Math.max(0, Math.floor(capacity));
  }

  get size(): number {
    return this.items.length;
  }

  /** Keeps `entry` if it ranks within the top; returns the entry it displaced or rejected, if any. */
  offer(entry: T): T | null {
    if (this.capacity === 0) return entry;
    if (this.items.length < this.capacity) {
      this.items.push(entry);
      this.siftUp(this.items.length - 1);
      return null;
    }
    const worst = this.items[0] as T;
    if (!ranksAbove(entry, worst)) return entry;
    this.items[0] = entry;
    this.siftDown(0);
    return worst;
  }

  /** The kept entries, best first. */
  sorted(): T[] {
    return [...this.items].sort((a, b) => (ranksAbove(a, b) ? -1 : ranksAbove(b, a) ? 1 : 0));
  }

  /** Replaces kept entries in place (e.g. to attach a regenerated series). */
  update(predicate: (entry: T) => boolean, replace: (entry: T) => T): void {
    for (let k = 0; k < this.items.length; k++) {
      const item = this.items[k] as T;
      if (predicate(item)) this.items[k] = replace(item);
    }
  }

  private siftUp(k: number): void {
    const items = this.items;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      // Worst at the root: a child that ranks below its parent moves up.
      if (!ranksAbove(items[parent] as T, items[k] as T)) break;
      [items[parent], items[k]] = [items[k] as T, items[parent] as T];
      k = parent;
    }
  }

  private siftDown(k: number): void {
    const items = this.items;
    for (;;) {
      const left = 2 * k + 1;
      const right = left + 1;
      let worst = k;
      if (left < items.length && ranksAbove(items[worst] as T, items[left] as T)) worst = left;
      if (right < items.length && ranksAbove(items[worst] as T, items[right] as T)) worst = right;
      if (worst === k) return;
      [items[worst], items[k]] = [items[k] as T, items[worst] as T];
      k = worst;
    }
  }
}
