import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Connection } from 'ssh2';
import { afterEach, expect, it } from 'vitest';
import { batchSocketWrites } from '../src/connection/batched-writes.ts';

// SSH packets written in one event-loop turn leave in one writev at the turn's check phase
// (docs/adr/0012). undici writes a request on a reused keep-alive connection from a
// setImmediate, i.e. in the check phase itself, where a flush queued with setImmediate runs only
// in the next turn: one request at a time, that first packet now leaves at once (docs/adr/0025),
// and under load (batches of several packets) the batch stays whole.

let server: Server | undefined;
let sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets = [];
  if (server !== undefined) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A real loopback TCP connection; the far end collects what arrives. */
async function pair(): Promise<{ socket: Socket; received: () => string }> {
  let text = '';
  server = createServer((peer) => {
    sockets.push(peer);
    peer.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  sockets.push(socket);
  await once(socket, 'connect');
  socket.setNoDelay(true);
  // ssh2's Connection keeps its socket on `_sock`; batchSocketWrites reads nothing else.
  batchSocketWrites({ _sock: socket } as unknown as Connection);
  return { socket, received: () => text };
}

function inCheckPhase<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => setImmediate(() => resolve(work())));
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

it('a lone packet written in the check phase is handed to the kernel at once, the next one waits for the flush', async () => {
  const { socket, received } = await pair();
  const held = await inCheckPhase(() => {
    socket.write('first;');
    const afterFirst = socket.writableLength;
    socket.write('second;');
    return { afterFirst, afterSecond: socket.writableLength };
  });
  expect(held).toEqual({ afterFirst: 0, afterSecond: 'second;'.length });
  await until(() => received() === 'first;second;');
});

it('writes outside the check phase, and check-phase writes after a batch of several, wait for the flush', async () => {
  const { socket, received } = await pair();
  // Poll-phase-like (a promise continuation): corked until the check phase.
  socket.write('a;');
  socket.write('b;');
  expect(socket.writableLength).toBe(4);
  await until(() => received() === 'a;b;');
  // The last batch held two packets: the next check-phase write is batched as before.
  const waiting = await inCheckPhase(() => {
    socket.write('c;');
    return socket.writableLength;
  });
  expect(waiting).toBe(2);
  await until(() => received() === 'a;b;c;');
});
