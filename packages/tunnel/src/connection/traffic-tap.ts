import type { Duplex } from 'node:stream';
import type { ConnectionRecord, SessionViewStore } from '../view/session-view-store.ts';
import { sniffRequest } from './http-sniff.ts';

/**
 * Counts bytes both ways and sniffs the first request line, by wrapping the stream's own
 * `write` (gateway → tunnel, Rx) and `push` (tunnel → gateway, Tx). No extra stream sits in
 * the data path and no 'data' listener is added: that would switch the stream to flowing mode
 * before the gateway reads it and lose bytes.
 */
export function tapTraffic(stream: Duplex, record: ConnectionRecord, view: SessionViewStore): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  const push = stream.push.bind(stream);
  let sniffed = false;
  const sniff = (bytes: Uint8Array): void => {
    sniffed = true;
    const request = sniffRequest(bytes);
    if (request === undefined) return;
    record.hostname = request.hostname;
    record.path = request.path;
    if (request.client !== undefined) record.client = request.client;
    view.log('info', `new connection from ${record.client}: ${request.hostname}`);
  };
  stream.write = ((...args: unknown[]) => {
    const chunk = args[0];
    if (chunk instanceof Uint8Array) {
      if (!sniffed) sniff(chunk);
      record.rxBytes += chunk.length;
    } else if (typeof chunk === 'string') {
      // http.ClientRequest writes its header block as a latin1 string.
      if (!sniffed) sniff(Buffer.from(chunk.slice(0, 4096), 'latin1'));
      record.rxBytes += Buffer.byteLength(chunk);
    }
    view.trafficChanged();
    return write(...args);
  }) as Duplex['write'];
  stream.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk instanceof Uint8Array) {
      record.txBytes += chunk.length;
      view.trafficChanged();
    }
    return push(chunk, encoding);
  };
}
