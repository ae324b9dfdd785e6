/** Parses `Bearer a="x", b="y"` into its parameters; fails the shape check by returning undefined. */
export function bearerParams(header: string): Record<string, string> | undefined {
  return challengeParams(header)?.['Bearer'];
}

/**
 * Parses a WWW-Authenticate value with one or more challenges (`Bearer a="x", DPoP b="y"`) into
 * parameters per scheme; undefined when anything is not of that shape.
 */
export function challengeParams(
  header: string,
): Record<string, Record<string, string>> | undefined {
  const out: Record<string, Record<string, string>> = {};
  for (const challenge of header.split(/, (?=(?:Bearer|DPoP) )/)) {
    const match = /^(Bearer|DPoP) (.*)$/.exec(challenge);
    if (match?.[1] === undefined || match[2] === undefined) return undefined;
    const params: Record<string, string> = {};
    const rest = match[2].replace(
      /([a-z_]+)="([^"\\]*)"(?:, |$)/g,
      (_, name: string, value: string) => {
        params[name] = value;
        return '';
      },
    );
    if (rest !== '') return undefined;
    out[match[1]] = params;
  }
  return out;
}
