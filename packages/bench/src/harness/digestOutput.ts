import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `text` with `keys` removed from every JSON object at any depth (NDJSON: line by line). */
export function withoutKeys(text: string, keys: readonly string[], ndjson: boolean): string {
  const drop = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(drop);
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) if (!keys.includes(k)) out[k] = drop(v);
      return out;
    }
    return value;
  };
  if (!ndjson) return JSON.stringify(drop(JSON.parse(text)));
  return text
    .split('\n')
    .map((line) => (line === '' ? line : JSON.stringify(drop(JSON.parse(line)))))
    .join('\n');
}

/** The raw sha256 of a file and the digest it is compared by (the same when no keys are ignored). */
export function digestOutput(path: string, ignoreKeys: readonly string[]): { sha256: string; comparedSha256: string } {
  const bytes = readFileSync(path);
  const raw = sha256(bytes);
  if (ignoreKeys.length === 0) return { sha256: raw, comparedSha256: raw };
  return { sha256: raw, comparedSha256: sha256(withoutKeys(bytes.toString('utf8'), ignoreKeys, path.endsWith('.ndjson'))) };
}

/** sha256 of every file under `dir` (relative paths, sorted); none when it does not exist. */
export function digestTree(dir: string): { file: string; sha256: string }[] {
  const out: { file: string; sha256: string }[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ file: relative(dir, path), sha256: sha256(readFileSync(path)) });
    }
  };
  walk(dir);
  return out;
}
