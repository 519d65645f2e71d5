import { readFile } from 'node:fs/promises';
import { describeSystemError, systemErrorCode } from '@wf/engine';
import { parse as parseYaml } from 'yaml';
import { InvalidSpaceError } from '../errors.js';
import { parseSpaceSpec } from './parseSpaceSpec.js';
import type { SpaceSpec } from './SpaceSpec.js';

/** Reads and validates a space file: JSON when it ends in `.json`, YAML otherwise (see parseSpaceSpec). */
export async function loadSpaceFile(path: string): Promise<SpaceSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const problem = systemErrorCode(error) === 'ENOENT' ? 'file not found' : `cannot read the file: ${describeSystemError(error)}`;
    throw new InvalidSpaceError({ source: path, problems: [{ keyPath: '', problem }], cause: error });
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new InvalidSpaceError({ source: path, problems: [{ keyPath: '', problem: `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${reason}` }], cause: error });
  }
  return parseSpaceSpec(raw, path);
}
