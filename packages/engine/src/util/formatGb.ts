/** Bytes as GB with two decimals, for messages. */
export function formatGb(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
