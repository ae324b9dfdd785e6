import { randomInt } from 'node:crypto';
import { STATIC_PORTS } from './forward.ts';
import type { Forward } from './forward.ts';

/** Pomerium's MaxPermissionEntries: at most this many forwards per SSH connection. */
export const MAX_FORWARDS = 128;

const VIRTUAL_PORT_MIN = 32768;
const VIRTUAL_PORT_MAX = 65535;

export type AddForwardResult =
  | { readonly ok: true; readonly forward: Forward }
  | { readonly ok: false; readonly message: string };

/** The forwards of one SSH connection: limits, duplicates, virtual ports, cancel. */
export class ForwardTable {
  readonly #forwards: Forward[] = [];

  list(): readonly Forward[] {
    return this.#forwards;
  }

  /** `midSession`: asked for after the session channel opened (`~C -R`), see Forward.wirePort. */
  add(
    bindAddress: string,
    requestedPort: number,
    route: string,
    midSession = false,
  ): AddForwardResult {
    if (requestedPort !== 0 && !STATIC_PORTS.has(requestedPort)) {
      return {
        ok: false,
        message:
          `port ${requestedPort} is not supported: use -R 0 (the server picks the local address) ` +
          'or -R 80:localhost:<port> (your ssh client dials its own target)',
      };
    }
    if (this.#forwards.length >= MAX_FORWARDS) {
      return { ok: false, message: `too many forwards: at most ${MAX_FORWARDS} per connection` };
    }
    if (this.#forwards.some((f) => f.route === route)) {
      return { ok: false, message: `duplicate forward: route "${route}" is already forwarded` };
    }
    const dynamic = requestedPort === 0;
    const port = dynamic ? this.#virtualPort() : requestedPort;
    const forward: Forward = {
      bindAddress,
      requestedPort,
      port,
      route,
      mode: dynamic ? 'dynamic' : 'static',
      warning: null,
      wirePort: dynamic && midSession ? 0 : port,
      wirePortKnown: !dynamic,
      failure: null,
    };
    this.#forwards.push(forward);
    return { ok: true, forward };
  }

  /** `cancel-tcpip-forward`: OpenSSH names a dynamic forward by its allocated port. */
  remove(bindAddress: string, port: number): Forward | undefined {
    const index = this.#forwards.findIndex(
      (f) => f.bindAddress === bindAddress && (f.port === port || f.requestedPort === port),
    );
    if (index === -1) return undefined;
    return this.#forwards.splice(index, 1)[0];
  }

  #virtualPort(): number {
    const taken = new Set(this.#forwards.map((f) => f.port));
    for (;;) {
      const port = randomInt(VIRTUAL_PORT_MIN, VIRTUAL_PORT_MAX + 1);
      if (!taken.has(port)) return port;
    }
  }
}
