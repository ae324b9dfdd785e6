import { Transform, type TransformCallback } from 'node:stream';

/**
 * A pass-through that lets no byte (and not the end) out before `ready` settles: resolved, the
 * body flows on unchanged; rejected, the stream fails with that error instead, and the proxy
 * destroys the client's response. The rejection is handled here even when no chunk ever comes.
 */
export class HoldUntil extends Transform {
  /** Undefined once `ready` resolved: chunks then pass without waiting. */
  #settled: Promise<unknown> | undefined;
  #failure: Error | undefined;

  constructor(ready: Promise<void>) {
    super();
    this.#settled = ready.then(
      () => {
        this.#settled = undefined;
      },
      (error: unknown) => {
        this.#failure = error instanceof Error ? error : new Error(String(error));
      },
    );
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#after(() => {
      callback(null, chunk);
    }, callback);
  }

  override _flush(callback: TransformCallback): void {
    this.#after(() => {
      callback();
    }, callback);
  }

  #after(pass: () => void, callback: TransformCallback): void {
    if (this.#failure !== undefined) {
      callback(this.#failure);
      return;
    }
    if (this.#settled === undefined) {
      pass();
      return;
    }
    void this.#settled.then(() => {
      if (this.#failure === undefined) pass();
      else callback(this.#failure);
    });
  }
}
