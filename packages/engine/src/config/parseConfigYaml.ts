import { LineCounter, parseDocument } from 'yaml';
import { ConfigSyntaxError } from './ConfigError.js';

export type ParseConfigYamlOptions = {
  /** YAML text of the config. */
  readonly text: string;
  /** The file as it should appear in messages. */
  readonly file: string;
};

/**
 * Parses config YAML (YAML 1.2 core schema, so `1.0e6` is the number 1000000; duplicate
 * keys are errors) into a plain value for parseConfig.
 * @throws ConfigSyntaxError naming the file, line and column of every syntax error.
 */
export function parseConfigYaml(options: ParseConfigYamlOptions): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(options.text, { lineCounter, prettyErrors: false });
  if (document.errors.length === 0) return document.toJS();
  const located = document.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { line, column: col, problem: `line ${line}, column ${col}: invalid YAML: ${error.message}` };
  });
  const first = located[0]!;
  throw new ConfigSyntaxError({
    file: options.file,
    problems: located.map((entry) => ({ keyPath: '', problem: entry.problem })),
    line: first.line,
    column: first.column,
  });
}
