import { parse, YAMLParseError } from 'yaml';
import { PolicyParseError } from './errors.ts';

/**
 * Parses policy text. YAML 1.2 is a superset of JSON, so one parser takes both and YAML and JSON
 * spellings of a policy give the same document. Errors name the line and column.
 */
export function parsePolicy(text: string): unknown {
  try {
    return parse(text, { prettyErrors: false, uniqueKeys: true, maxAliasCount: 100 }) as unknown;
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
      throw new PolicyParseError(
        `Policy is not valid YAML or JSON${where}: ${error.message.split('\n')[0] ?? ''}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
