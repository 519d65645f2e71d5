/** glibc's malloc tunable that advises transparent huge pages (MADV_HUGEPAGE) for the memory malloc maps. */
export const HUGE_PAGE_MALLOC_TUNABLE = 'glibc.malloc.hugetlb=1';

/**
 * The `GLIBC_TUNABLES` of a child process whose malloc backs its large blocks (every big
 * typed array and SharedArrayBuffer: a 5,000 x 5,000 matrix is 200 MB) with transparent huge
 * pages: `current` plus `glibc.malloc.hugetlb=1`, or `current` unchanged when it already sets
 * `glibc.malloc.hugetlb` (the user's choice stands).
 *
 * Why: on the benchmark VM a first touch of a fresh 4 KB page costs about 11 us (2.9 ms per
 * MB, PTI in a guest), so a book's shard spent seconds faulting in its panel and matrices;
 * with 2 MB pages a shard takes about one fault in 500 and its kernels fewer TLB misses.
 * glibc reads the tunable only when a process starts, hence only for the processes wf-gates
 * starts. Where it means nothing (THP `never`, glibc before 2.35, musl) it is ignored; it
 * changes no number, only where the bytes live.
 */
export function hugePageMallocTunables(current: string | undefined): string {
  if (current === undefined || current.trim() === '') return HUGE_PAGE_MALLOC_TUNABLE;
  if (current.split(':').some((tunable) => tunable.trim().startsWith('glibc.malloc.hugetlb='))) return current;
  return `${current}:${HUGE_PAGE_MALLOC_TUNABLE}`;
}
