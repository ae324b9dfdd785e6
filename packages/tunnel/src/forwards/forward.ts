/**
 * One accepted `tcpip-forward` (RFC 4254 §7.1). Dynamic forwards (port 0) make OpenSSH a SOCKS
 * server on each forwarded channel, so the server picks the local address; static ones (80/443)
 * make the client dial its own `-R` target.
 */
export interface Forward {
  /** Exactly as the client sent it: echoed in every `forwarded-tcpip` open (RFC 4254 §7.2). */
  readonly bindAddress: string;
  /** 0, 80 or 443. */
  readonly requestedPort: number;
  /** The virtual port replied for port 0 (32768–65535), else the requested port. */
  readonly port: number;
  readonly route: string;
  /** Starts `dynamic` for port 0; becomes `static` when the client turns out not to speak SOCKS. */
  mode: 'dynamic' | 'static';
  warning: string | null;
  /**
   * The port put in `forwarded-tcpip` opens. OpenSSH matches those to its forwards by bind address
   * and port (channels.c, channel_connect_by_listen_address), and only the `-R` of the command
   * line learn the allocated port from our reply: a forward added mid-session with `~C -R …` keeps
   * port 0 on the client's side. So a port-0 forward asked for after the session opened starts
   * with 0 here, the others with `port`; an "open failed" answer tries the other one once.
   */
  wirePort: number;
  /** A channel opened with `wirePort`: it is right, stop guessing. */
  wirePortKnown: boolean;
  /** Why the client refuses every channel of this forward; null while it works. */
  failure: string | null;
}

/** Ports a forward may ask for: 0 (dynamic), 80 and 443 (static, a protocol selector). */
export const STATIC_PORTS: ReadonlySet<number> = new Set([80, 443]);

export function forwardPortLabel(forward: Forward): string {
  return forward.requestedPort === 0 ? `D ${forward.port}` : String(forward.port);
}

/** What panel [3] and LiveTunnel show as the local address of a static forward. */
export const STATIC_LOCAL_ADDRESS = 'your ssh -R target';
