/**
 * What one SSH session shows its user, as plain data. The SSH server (src/ssh) keeps it up to
 * date; the TUI (src/tui) and the plain-text printer render it. Neither side imports the other.
 */

export interface ConnectionView {
  /** forwarded-tcpip channel number. */
  readonly channel: number;
  readonly status: 'open' | 'closed' | 'error';
  /** Host header of the HTTP request, when known. */
  readonly hostname: string;
  readonly path: string;
  /** The public client's ip:port. */
  readonly client: string;
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly openedAt: number;
  readonly closedAt: number | null;
}

export interface ForwardRequestView {
  /** The bind address the client asked for (`localhost`, `*`, `` → shown as `(all)`). */
  readonly bindAddress: string;
  /** `D <virtual port>` for dynamic (port 0) forwards, the port for static ones. */
  readonly port: string;
  /** Route names this forward serves. */
  readonly routes: readonly string[];
}

export interface PortForwardView {
  readonly route: string;
  /** FAILED: forwarded, but the ssh client refuses its connections (see `warning`). */
  readonly status: 'ACTIVE' | 'FAILED' | '--';
  /** The public URL, e.g. `http://mcp.brave-otter-123.localhost:8787`. */
  readonly remoteUrl: string;
  /** Where connections go on the user's machine, e.g. `localhost:8080`. */
  readonly localAddress: string;
  readonly mode: 'dynamic' | 'static';
  /** A warning to show next to it (static client behind a port-0 forward, …). */
  readonly warning: string | null;
}

export interface LogLineView {
  readonly at: number;
  readonly level: 'info' | 'warn' | 'error';
  readonly text: string;
  /** How many times in a row it repeated (shown as `(xN)`). */
  readonly count: number;
}

export interface SessionView {
  readonly sessionId: string;
  readonly clientIp: string;
  readonly email: string | null;
  readonly connections: readonly ConnectionView[];
  readonly requests: readonly ForwardRequestView[];
  readonly forwards: readonly PortForwardView[];
  readonly logs: readonly LogLineView[];
}

/** A SessionView that changes; renderers subscribe and redraw (throttled by the renderer). */
export interface SessionViewSource {
  current(): SessionView;
  subscribe(listener: (view: SessionView) => void): () => void;
  /**
   * Called when the ssh client has probably written to the user's terminal itself (OpenSSH
   * prints `connect_to … failed` and warnings on its stderr when a channel fails), so a
   * full-screen renderer should repaint everything.
   */
  onForeignOutput?(listener: () => void): () => void;
}

/** What the user may do from the TUI. */
export interface SessionActions {
  /** `e`: set the local address (host:port) that dynamic forwards connect to. */
  setLocalAddress(address: string): { ok: true } | { ok: false; message: string };
  /**
   * `s`: let `email` use `route` (default: the first forward's route) through the gateway.
   * Success is logged to the session's Logs; a refusal is returned as a message.
   */
  share(email: string, route?: string): Promise<{ ok: true } | { ok: false; message: string }>;
  /** `q` / Ctrl-C: end the SSH session. */
  quit(): void;
}
