export type LocalAddressChoice =
  | { readonly ok: true; readonly address: string; readonly host: string; readonly port: number }
  | { readonly ok: false; readonly message: string };

const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]{0,252})?|\[[0-9a-fA-F:.]+\])$/;

/**
 * Where dynamic forwards connect on the user's machine: `3000` → `localhost:3000`, or
 * `host:port` (`[::1]:3000` for IPv6). An `http://` prefix is tolerated and dropped.
 */
export function parseLocalAddress(input: string): LocalAddressChoice {
  const text = input
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/$/, '');
  const split = /^(.*):(\d+)$/.exec(text);
  const host = split === null ? 'localhost' : (split[1] ?? '');
  const portText = split === null ? text : (split[2] ?? '');
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535) || !HOST.test(host)) {
    return {
      ok: false,
      message: `"${input}" is not a local address: use a port (3000) or host:port (localhost:3000)`,
    };
  }
  return { ok: true, address: `${host}:${port}`, host: host.replace(/^\[(.*)\]$/, '$1'), port };
}
