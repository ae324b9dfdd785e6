import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startEdge } from './support/edge.ts';
import { listen } from './support/servers.ts';

describe('server-sent events', () => {
  it('reach the client as the upstream writes them, not when the stream ends', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let secondWritten = false;
    const upstream = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('id: 1\ndata: first\n\n');
      void released.then(() => {
        secondWritten = true;
        res.end('id: 2\ndata: second\n\n');
      });
    });
    const edge = await startEdge({ to: upstream.url });

    const events: { text: string; secondWrittenYet: boolean }[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(`${edge.url}/events`, { agent: false }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          events.push({ text: chunk, secondWrittenYet: secondWritten });
          if (events.length === 1) release();
        });
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    expect(events[0]).toEqual({ text: 'id: 1\ndata: first\n\n', secondWrittenYet: false });
    expect(events.map((event) => event.text).join('')).toBe(
      'id: 1\ndata: first\n\nid: 2\ndata: second\n\n',
    );
  });
});
