import { LineCounter, parseDocument } from 'yaml';
import { ConfigSyntaxError } from '../errors.js';

export type ParseConfigYamlOptions = {
  /** YAML text of the config. */
  readonly text: string;
  /** The file as it should appear in messages. */
  readonly file: string;
};

/**
 * Most alias expansions a config may make (the yaml library's default). A config never
 * needs many; an "alias bomb" (aliases of aliases, a few lines that expand to millions of
 * nodes) exceeds it at once and is refused before it is expanded.
 */
export const MAX_CONFIG_ALIAS_COUNT = 100;

/**
 * Parses config YAML (YAML 1.2 core schema, so `1.0e6` is the number 1000000; duplicate
 * keys are errors) into a plain value for parseConfig.
 * @throws ConfigSyntaxError naming the file, line and column of every syntax error, or
 * the file alone when converting the document fails (too many alias expansions).
 */
export function parseConfigYaml(options: ParseConfigYamlOptions): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(options.text, { lineCounter, prettyErrors: false });
  if (document.errors.length === 0) {
    try {
      return document.toJS({ maxAliasCount: MAX_CONFIG_ALIAS_COUNT });
    } catch (error) {
      // The yaml library throws a plain ReferenceError for an alias bomb (and for an alias
      // to an anchor it cannot resolve): a bad file, not a bug.
      const reason = error instanceof Error ? error.message : String(error);
      const problem = /alias count/i.test(reason)
        ? `invalid YAML: aliases expand to more than ${MAX_CONFIG_ALIAS_COUNT} nodes (a YAML alias bomb?); write the values out`
        : `invalid YAML: ${oneLine(reason)}`;
      throw new ConfigSyntaxError({ file: options.file, problems: [{ keyPath: '', problem }], line: 0, column: 0, cause: error });
    }
  }
  const located = document.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { line, column: col, problem: `line ${line}, column ${col}: invalid YAML: ${oneLine(error.message)}` };
  });
  const first = located[0]!;
  throw new ConfigSyntaxError({
    file: options.file,
    problems: located.map((entry) => ({ keyPath: '', problem: entry.problem })),
    line: first.line,
    column: first.column,
  });
}

/** A library message on one line, at most 200 characters. */
function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
