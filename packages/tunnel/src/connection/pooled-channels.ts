import type { Duplex } from 'node:stream';

interface ChannelState {
  /** Between two HTTP exchanges: the gateway's keep-alive pool holds it. */
  idle: boolean;
  /** Its local address is out of date: close it as soon as it is idle. */
  stale: boolean;
}

/**
 * The open channels of one connection's dynamic forwards. The gateway keeps them in an HTTP
 * keep-alive pool (undici's Pool, or node:http's Agent), and each one is already connected
 * (SOCKS CONNECT) to the local address of the moment it was opened. When that address changes
 * (`e` in the TUI), the idle ones close at once and the busy ones after their exchange, so the
 * next request opens a fresh channel to the new address instead of reaching the old port until
 * the pool lets go.
 *
 * "Idle" is node:http's own signal: ClientRequest emits 'free' on its socket when the response
 * is done and the socket goes back to the Agent; the gateway's undici pools emit the same
 * (packages/gateway `proxy/free-signal.ts`). A write starts the next exchange.
 */
export class PooledChannels {
  readonly #channels = new Map<Duplex, ChannelState>();

  add(channel: Duplex): void {
    const state: ChannelState = { idle: false, stale: false };
    this.#channels.set(channel, state);
    const write = channel.write.bind(channel) as (...args: unknown[]) => boolean;
    channel.write = ((...args: unknown[]) => {
      state.idle = false;
      return write(...args);
    }) as Duplex['write'];
    channel.on('free', () => {
      state.idle = true;
      if (state.stale) channel.destroy();
    });
    channel.once('close', () => this.#channels.delete(channel));
  }

  /** The local address changed: idle channels close now, busy ones once their exchange ends. */
  retire(): void {
    for (const [channel, state] of this.#channels) {
      if (state.idle) channel.destroy();
      else state.stale = true;
    }
  }
}
