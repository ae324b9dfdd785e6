import { parentPort, workerData } from 'node:worker_threads';
import { handshakeLoad, type LoadOptions } from './handshake.ts';

// One client thread of the handshake load (see handshake-threads.ts). Sessions arrive as
// Uint8Array after the structured clone; tls.connect wants Buffers.

const data = workerData as Omit<LoadOptions, 'sessions'> & {
  readonly sessions?: ReadonlyMap<string, Uint8Array>;
};
const sessions =
  data.sessions === undefined
    ? undefined
    : new Map([...data.sessions].map(([name, s]) => [name, Buffer.from(s)]));
const { sessions: _cloned, ...rest } = data;
const result = await handshakeLoad({ ...rest, ...(sessions === undefined ? {} : { sessions }) });
parentPort?.postMessage(result);
