/**
 * Gatehouse's own cookies (`_gatehouse*`) hold the user's session. They must never reach an
 * upstream, and an upstream must never be able to set or clear them.
 */
const PREFIX = '_gatehouse';

function isGatehouseName(name: string): boolean {
  return name.trim().toLowerCase().startsWith(PREFIX);
}

/** A Cookie header value without `_gatehouse*` pairs; '' when nothing is left. */
export function stripGatehouseCookies(header: string): string {
  if (!header.toLowerCase().includes(PREFIX)) return header;
  const kept: string[] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (!isGatehouseName(name) && pair.trim() !== '') kept.push(pair.trim());
  }
  return kept.join('; ');
}

/** Set-Cookie values without those that set a `_gatehouse*` cookie. */
export function withoutGatehouseSetCookies(values: readonly string[]): string[] {
  return values.filter((value) => {
    const eq = value.indexOf('=');
    return !isGatehouseName(eq === -1 ? value : value.slice(0, eq));
  });
}
