/** The route `-R 0` (bind address `localhost`, empty or `*`) serves. */
export const DEFAULT_ROUTE = 'mcp';

// RFC 1035 §2.3.1 (with RFC 1123 §2.1 leading digits): one DNS label, lower case.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** True when `name` can be the first label of `<route>.<namespace>.<domain>`. */
export function isRouteName(name: string): boolean {
  return LABEL.test(name);
}

export type RouteChoice =
  { readonly ok: true; readonly route: string } | { readonly ok: false; readonly message: string };

/**
 * The route a `tcpip-forward` bind address asks for. OpenSSH sends `localhost` for `-R 0`, ``
 * for `-R :0` / `-R '*:0'`, and the literal first field otherwise (`-R echo:0:…` → `echo`).
 * A full hostname in the user's own namespace (`echo.brave-otter-123.example.com`) also works.
 */
export function routeForBindAddress(bindAddress: string, namespace: string): RouteChoice {
  const bind = bindAddress.toLowerCase();
  if (bind === '' || bind === '*' || bind === 'localhost')
    return { ok: true, route: DEFAULT_ROUTE };
  if (isRouteName(bind)) return { ok: true, route: bind };
  const [first = '', second] = bind.split('.');
  if (second === namespace && isRouteName(first)) return { ok: true, route: first };
  return {
    ok: false,
    message:
      `"${bindAddress}" is not a route name: use one DNS label (a-z, 0-9, -), ` +
      `e.g. ssh -R echo:0 … serves the route "echo"`,
  };
}
