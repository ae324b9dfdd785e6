import { type Document, isNode, LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue } from './errors.ts';
import { configSchema, type ParsedConfig } from './schema/index.ts';
import { configIssues } from './zod-issues.ts';

/**
 * Parses `gatehouse.yaml` text and validates it against the schema. `source` names the file in
 * messages. Throws ConfigError (ERR_CONFIG_INVALID) listing every problem; YAML syntax errors
 * carry their line and column. Messages never quote the source text around an error, so a
 * secret on a broken line is not repeated.
 */
export function parseConfigText(text: string, source: string): ParsedConfig {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: `on`/`yes` stay strings. Duplicate keys are errors, not "last wins".
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    const issues: ConfigIssue[] = doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return { path: '', message: `line ${line}, column ${col}: ${e.message}` };
    });
    throw new ConfigError(source, issues, { cause: doc.errors[0] });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // Alias bombs and similar: the document parsed but cannot be turned into data.
    const message = error instanceof Error ? error.message : 'cannot be read as data';
    throw new ConfigError(source, [{ path: '', message }], { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(source, [
      { path: '', message: 'expected a mapping of settings (key: value) at the top level' },
    ]);
  }
  const result = configSchema.safeParse(data);
  if (!result.success) {
    // No `cause`: zod's own message repeats the rejected values, secrets included.
    const position = (path: readonly PropertyKey[]) => offsetOf(doc, path);
    throw new ConfigError(source, configIssues(result.error.issues, data, configSchema, position));
  }
  return result.data;
}

/** Where the deepest existing node on `path` starts in the text (for ordering issues). */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) return node.range[0];
  }
  return Number.MAX_SAFE_INTEGER;
}
