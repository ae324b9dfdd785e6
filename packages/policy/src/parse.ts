import { parse, YAMLParseError } from 'yaml';
import { PolicyParseError } from './errors.ts';

/**
 * Parses policy text. YAML 1.2 is a superset of JSON, so one parser takes both and YAML and JSON
 * spellings of a policy give the same document. Errors name the line and column.
 */
export function parsePolicy(text: string): unknown {
  try {
    return parse(text, { uniqueKeys: true, maxAliasCount: 100 }) as unknown;
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
      // yaml's first message line ends with its own " at line L, column C:"; we say it once.
      const reason = (error.message.split('\n')[0] ?? '').replace(
        / at line \d+, column \d+:?$/,
        '',
      );
      throw new PolicyParseError(`Policy is not valid YAML or JSON${where}: ${reason}`, {
        cause: error,
      });
    }
    throw error;
  }
}
