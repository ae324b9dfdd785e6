import { randomBytes } from 'node:crypto';
import type { Connection, ServerChannel } from 'ssh2';
import type { Clock, SshIdentity, SshKeyInfo, TunnelAccounts } from '@gatehouse/core';
import { DEFAULT_ROUTE } from '../forwards/route-name.ts';
import { ForwardTable } from '../forwards/forward-table.ts';
import { STATIC_LOCAL_ADDRESS, forwardPortLabel } from '../forwards/forward.ts';
import { parseLocalAddress } from '../local-address.ts';
import type { PortForwardView } from '../session-view.ts';
import { SessionViewStore } from '../view/session-view-store.ts';
import { PooledChannels } from './pooled-channels.ts';
import { sendDisconnect } from './ssh-wire.ts';

export interface TunnelConnectionOptions {
  readonly client: Connection;
  readonly clientIp: string;
  readonly accounts: TunnelAccounts;
  readonly clock: Clock;
  readonly localAddress: string;
  /** Called after `setLocalAddress` changed where this connection forwards to. */
  readonly onLocalAddressChanged?: () => void;
}

/** How long after connecting a dynamic forward waits for `-- --to` (see whenSettled). */
export const SESSION_GRACE_MS = 300;

/**
 * OpenSSH sends its session channel open right behind the `-R` requests; with `-N` it sends
 * none. A connection whose forwards were all refused and that opened no session within this
 * long serves nothing and has nowhere to show why, so it is ended with the reason.
 */
export const NOTHING_SERVED_GRACE_MS = 2000;

/** How long a closing connection waits for its sessions to take their last words. */
const SESSION_DRAIN_MS = 1000;

/** One SSH connection: who it is, what it forwards, where dynamic forwards connect, its view. */
export class TunnelConnection {
  /** Short, for display and revocation (`LiveTunnel.connectionId`). */
  readonly id = randomBytes(4).toString('hex');
  readonly client: Connection;
  readonly clientIp: string;
  readonly since: number;
  readonly view: SessionViewStore;
  readonly forwards = new ForwardTable();
  /** Channels of dynamic forwards, connected to the local address of their time. */
  readonly pooled = new PooledChannels();
  key: SshKeyInfo | undefined;
  identity: SshIdentity | undefined;
  closed = false;
  readonly #accounts: TunnelAccounts;
  #localAddress: string;
  /** Routes this connection served or was shown: cancelled ones stay as `--` rows. */
  readonly #routes = new Set<string>([DEFAULT_ROUTE]);
  /** Open session channels, with what to do before the connection closes (leave the TUI). */
  readonly #sessions = new Map<ServerChannel, () => void>();
  /** A session channel was ever requested (so forwards after it came from `~C` or a mux). */
  #sessionSeen = false;
  readonly #refusals: string[] = [];
  readonly #lifetime = new AbortController();
  readonly #clock: TunnelConnectionOptions['clock'];
  readonly #onLocalAddressChanged: (() => void) | undefined;
  #settle: () => void = () => {};
  /** Resolves once the client's session request (which may carry `-- --to`) was handled. */
  readonly #settled = new Promise<void>((resolve) => {
    this.#settle = resolve;
  });

  constructor(options: TunnelConnectionOptions) {
    this.client = options.client;
    this.clientIp = options.clientIp;
    this.#accounts = options.accounts;
    this.#localAddress = options.localAddress;
    this.#onLocalAddressChanged = options.onLocalAddressChanged;
    this.since = options.clock.now();
    this.#clock = options.clock;
    this.view = new SessionViewStore(this.id, options.clientIp, options.clock);
  }

  /** Aborted once the SSH connection is gone. */
  get lifetime(): AbortSignal {
    return this.#lifetime.signal;
  }

  get localAddress(): string {
    return this.#localAddress;
  }

  signedIn(identity: SshIdentity, key: SshKeyInfo): void {
    this.identity = identity;
    this.key = key;
    this.view.setEmail(identity.email);
    this.refreshForwards();
  }

  /** The session channel's shell or exec request has been handled (`--to` applied, if any). */
  sessionSettled(): void {
    this.#settle();
  }

  /**
   * OpenSSH sends `-R` before the exec that carries `-- --to <port>`: a request arriving in that
   * gap would go to the default local address. Wait for the session request, but never longer
   * than SESSION_GRACE_MS after the connection began (`-N` clients send none).
   */
  async whenSettled(): Promise<void> {
    const left = this.since + SESSION_GRACE_MS - this.#clock.now();
    if (left <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#settled,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, left);
      }),
    ]);
    clearTimeout(timer);
  }

  setLocalAddress(input: string): { ok: true } | { ok: false; message: string } {
    const parsed = parseLocalAddress(input);
    if (!parsed.ok) return parsed;
    const changed = parsed.address !== this.#localAddress;
    if (changed) this.pooled.retire();
    this.#localAddress = parsed.address;
    this.view.log('info', `local address set to ${parsed.address}`);
    this.refreshForwards();
    if (changed) this.#onLocalAddressChanged?.();
    return { ok: true };
  }

  /** Rebuilds panels [2] and [3] of the view from the forward table. */
  refreshForwards(): void {
    const identity = this.identity;
    if (identity === undefined) return;
    const live = this.forwards.list();
    for (const forward of live) this.#routes.add(forward.route);
    const requests = live.map((f) => ({
      bindAddress: f.bindAddress,
      port: forwardPortLabel(f),
      routes: [f.route],
    }));
    const forwards: PortForwardView[] = [...this.#routes].map((route) => {
      const forward = live.find((f) => f.route === route);
      return {
        route,
        status: forward === undefined ? '--' : forward.failure === null ? 'ACTIVE' : 'FAILED',
        remoteUrl: this.#accounts.publicUrl(identity, route),
        localAddress: forward?.mode === 'static' ? STATIC_LOCAL_ADDRESS : this.#localAddress,
        mode: forward?.mode ?? 'dynamic',
        warning: forward?.failure ?? forward?.warning ?? null,
      };
    });
    this.view.setForwards(requests, forwards);
  }

  /** The client asked for a session channel (not sent with `ssh -N`). */
  sessionRequested(): void {
    this.#sessionSeen = true;
  }

  get sessionSeen(): boolean {
    return this.#sessionSeen;
  }

  addSession(channel: ServerChannel, gone: AbortSignal): void {
    this.#sessions.set(channel, () => {});
    gone.addEventListener('abort', () => this.#sessions.delete(channel), { once: true });
  }

  /** What to do on `channel` before the connection closes with a message (leave the TUI). */
  beforeClose(channel: ServerChannel, leave: () => void): void {
    if (this.#sessions.has(channel)) this.#sessions.set(channel, leave);
  }

  /**
   * A forward was refused: the reason is in the view's log. With no session to show it (`-N`)
   * and nothing else served, the connection ends with the reason as its disconnect message.
   */
  forwardRefused(reason: string): void {
    this.#refusals.push(reason);
    setTimeout(() => {
      if (this.closed || this.#sessionSeen || this.forwards.list().length > 0) return;
      this.close(`gatehouse: no tunnel is open: ${this.#refusals.join('; ')}`);
    }, NOTHING_SERVED_GRACE_MS).unref();
  }

  /**
   * Ends the SSH connection. `message` goes to every open session's stderr (after a TUI left the
   * alternate screen, so it stays readable) and is the DISCONNECT description, which OpenSSH
   * prints even with `-N` (RFC 4253 §11.1). OpenSSH drops channel data still buffered when a
   * DISCONNECT arrives, so the sessions are ended first and the DISCONNECT waits for them to
   * close (at most SESSION_DRAIN_MS).
   */
  close(message?: string): void {
    if (this.closed) return;
    this.closed = true;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      if (message !== undefined) sendDisconnect(this.client, message);
      this.client.end();
    };
    const sessions = [...this.#sessions];
    if (message === undefined || sessions.length === 0) {
      finish();
      return;
    }
    setTimeout(finish, SESSION_DRAIN_MS).unref();
    let open = sessions.length;
    for (const [session, leave] of sessions) {
      leave();
      session.once('close', () => {
        open -= 1;
        if (open === 0) finish();
      });
      if (session.writable) session.stderr.write(`${message}\r\n`);
      // ssh2 emits 'close' only once the channel's input was read to the end.
      session.resume();
      session.end();
    }
  }

  /** The socket closed (either side). */
  ended(): void {
    this.closed = true;
    this.#lifetime.abort();
    this.view.dispose();
  }
}
