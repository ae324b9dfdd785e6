import { connect } from 'node:net';
import { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { Upstream } from '@gatehouse/core';
import { describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { asAgentSocket } from '../../src/proxy/duplex-socket.ts';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';
import { onCleanup, recordingUpstream } from './support/servers.ts';

/** A plain stream.Duplex relaying to a TCP socket: no setKeepAlive, ref, setTimeout… */
function passthrough(socket: Socket): Duplex {
  const duplex: Duplex = new Duplex({
    read: () => socket.resume(),
    write: (chunk: Buffer, _encoding, callback) => socket.write(chunk, callback),
    final: (callback) => socket.end(callback),
    destroy: (error, callback) => {
      socket.destroy();
      callback(error);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('error', (error) => duplex.destroy(error));
  socket.on('close', () => duplex.destroy());
  return duplex;
}

/** Dials like a tunnel would: the proxy only ever sees the wrapping Duplex. */
function duplexUpstream(opened: Duplex[]): Upstream {
  return {
    connect: ({ url }) =>
      new Promise((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname).setNoDelay(true);
        socket.once('error', reject);
        socket.once('connect', () => {
          const duplex = passthrough(socket);
          opened.push(duplex);
          resolve(duplex);
        });
      }),
  };
}

describe('an Upstream that yields a non-socket Duplex', () => {
  it('carries keep-alive HTTP exchanges with bodies', async () => {
    const opened: Duplex[] = [];
    const upstream = await recordingUpstream((_req, res, body) => res.end(`got:${body}`));
    const edge = await startEdge({ to: upstream.url, upstream: duplexUpstream(opened) });
    for (let i = 0; i < 10; i += 1) {
      const reply = await send(`${edge.url}/${i}`, { method: 'POST', body: `n${i}` });
      expect(reply.body).toBe(`got:n${i}`);
    }
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.every((stream) => !(stream instanceof Socket))).toBe(true);
    expect(upstream.connections()).toBeLessThanOrEqual(2);
  });

  it('carries a WebSocket', async () => {
    const upstream = await recordingUpstream();
    const wss = new WebSocketServer({ server: upstream.server });
    onCleanup(() => wss.close());
    wss.on('connection', (socket) =>
      socket.on('message', (data: Buffer) => socket.send(`echo:${data.toString()}`)),
    );
    const edge = await startEdge({ to: upstream.url, upstream: duplexUpstream([]) });
    const client = new WebSocket(`${edge.url.replace('http', 'ws')}/ws`);
    onCleanup(() => client.terminate());
    const reply = await new Promise<string>((resolve, reject) => {
      client.once('open', () => client.send('hi'));
      client.once('message', (data: Buffer) => resolve(data.toString()));
      client.once('error', reject);
    });
    expect(reply).toBe('echo:hi');
  });

  it('gets a setTimeout that fires after idleness and is reset by writes', () => {
    const stream = asAgentSocket(
      new Duplex({ read: () => {}, write: (_c, _e, cb) => cb() }),
    ) as Duplex & {
      setTimeout(ms: number, callback?: () => void): unknown;
    };
    onCleanup(() => {
      stream.destroy();
    });
    // Fake timers: the writes every 20 ms and the 60 ms idle check run in a fixed order, so a
    // loaded machine cannot delay a write past the check (this failed with real sleeps).
    vi.useFakeTimers();
    onCleanup(() => {
      vi.useRealTimers();
    });
    const fired: number[] = [];
    stream.setTimeout(60, () => fired.push(Date.now()));
    const writer = setInterval(() => stream.write('x'), 20);
    vi.advanceTimersByTime(200);
    clearInterval(writer);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(fired.length).toBe(1);
  });
});
