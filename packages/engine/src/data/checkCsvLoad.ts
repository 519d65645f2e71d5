import { checkMemoryNeed, CSV_LOAD_BYTES_PER_CSV_BYTE, formatGb, PROCESS_BASE_BYTES } from '../memory/checkMemoryNeed.js';
import type { MemoryLimit } from '../memory/checkMemoryNeed.js';

/**
 * Refuses (MemoryLimitError) a load from CSV files of these sizes whose estimated peak
 * (CSV_LOAD_BYTES_PER_CSV_BYTE per byte, plus the process) exceeds the limit, before any is read.
 */
export function checkCsvLoad(sizes: readonly number[], limit: MemoryLimit | null | undefined): void {
  let total = 0;
  for (const size of sizes) total += size;
  checkMemoryNeed({
    what: `loading the prices (${total < 1024 ** 3 ? `${(total / 1024 ** 2).toFixed(1)} MB` : formatGb(total)} of CSV in ${sizes.length} file${sizes.length === 1 ? '' : 's'})`,
    needBytes: PROCESS_BASE_BYTES + CSV_LOAD_BYTES_PER_CSV_BYTE * total,
    limit,
  });
}
