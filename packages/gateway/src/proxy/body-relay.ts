import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/** What the relay reports to its exchange while the client's body streams through. */
export interface BodyWatcher {
  /** The body crossed the route's limit: the exchange answers 413. */
  tooLarge(): void;
}

/**
 * The client's request body as the stream undici sends upstream. undici destroys the stream it
 * was given when the exchange ends; destroying the client's IncomingMessage would destroy the
 * client socket too, and with it the 413 or 502 the edge still has to write. So undici gets
 * this stand-in, which counts bytes against `maxRequestBytes` and passes on backpressure.
 */
export class BodyRelay extends Readable {
  readonly #req: IncomingMessage;
  readonly #watcher: BodyWatcher;
  readonly #max: number;
  #received = 0;

  constructor(req: IncomingMessage, watcher: BodyWatcher, maxRequestBytes: number) {
    super();
    this.#req = req;
    this.#watcher = watcher;
    this.#max = maxRequestBytes;
    req.on('data', (chunk: Buffer) => this.#data(chunk));
    req.on('end', () => this.push(null));
    // A client that leaves mid-body closes its response too: the exchange aborts upstream.
    req.on('error', (error) => this.destroy(error));
  }

  #data(chunk: Buffer): void {
    if (this.destroyed) return;
    this.#received += chunk.length;
    if (this.#received > this.#max) {
      this.#req.pause();
      this.#watcher.tooLarge();
    } else if (!this.push(chunk)) this.#req.pause();
  }

  override _read(): void {
    this.#req.resume();
  }
}
