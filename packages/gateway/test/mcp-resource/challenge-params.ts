/** Parses `Bearer a="x", b="y"` into its parameters; fails the shape check by returning undefined. */
export function bearerParams(header: string): Record<string, string> | undefined {
  const match = /^Bearer (.*)$/.exec(header);
  if (match?.[1] === undefined) return undefined;
  const params: Record<string, string> = {};
  const rest = match[1].replace(
    /([a-z_]+)="([^"\\]*)"(?:, |$)/g,
    (_, name: string, value: string) => {
      params[name] = value;
      return '';
    },
  );
  return rest === '' ? params : undefined;
}
