import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeSystemError, systemErrorCode } from '../errors/describeSystemError.js';
import { ConfigFileError } from '../errors.js';
import { parseConfig } from './parseConfig.js';
import { parseConfigYaml } from './parseConfigYaml.js';
import type { WalkForwardConfig } from './WalkForwardConfig.js';

/**
 * Reads, parses and validates a walk-forward config file (PROTOCOL section 10). Relative
 * paths inside resolve against the file's folder; messages name the file as `path` was given.
 * @throws ConfigFileError when the file cannot be read, ConfigSyntaxError on invalid YAML,
 * ConfigError listing every invalid key otherwise.
 */
export async function loadConfig(path: string): Promise<WalkForwardConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const problem = systemErrorCode(error) === 'ENOENT' ? 'config file not found' : `cannot read the config file: ${describeSystemError(error)}`;
    throw new ConfigFileError({ file: path, problems: [{ keyPath: '', problem }], cause: error });
  }
  const raw = parseConfigYaml({ text, file: path });
  return parseConfig(raw, { file: path, baseDir: dirname(resolve(path)) });
}
