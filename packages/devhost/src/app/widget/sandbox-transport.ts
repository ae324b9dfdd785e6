import { parseJSONRPCMessage } from '@modelcontextprotocol/client';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { SANDBOX_METHOD_PREFIX } from '../../shared/contract.ts';
import type { Logger } from '../lib/message-log.ts';

/**
 * postMessage transport between the host page and the sandbox proxy (which forwards to the view).
 *
 * ext-apps' PostMessageTransport filters on `event.source` only and posts with targetOrigin "*".
 * The view can script the proxy (same origin by design), so the sandbox origin is untrusted and
 * we check it both ways: accept only messages whose source is the proxy window AND whose origin
 * is the sandbox origin, and post with that origin as targetOrigin (spikes §4, SEP-1865 §Security).
 * Data that is not a JSON-RPC message is dropped and logged, never passed to the bridge.
 */
export class SandboxTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #target: Window;
  readonly #origin: string;
  readonly #log: Logger;
  readonly #onSandboxMessage: (message: JSONRPCMessage) => void;
  readonly #onViewMessage: (message: JSONRPCMessage) => void;
  #started = false;

  /**
   * `onSandboxMessage` gets the proxy's own messages (e.g. sandbox-resource-refused);
   * `onViewMessage` sees each view message before the bridge does (e.g. to notice ui/initialize).
   */
  constructor(
    target: Window,
    targetOrigin: string,
    log: Logger,
    onSandboxMessage: (message: JSONRPCMessage) => void = () => undefined,
    onViewMessage: (message: JSONRPCMessage) => void = () => undefined,
  ) {
    this.#target = target;
    this.#origin = targetOrigin;
    this.#log = log;
    this.#onSandboxMessage = onSandboxMessage;
    this.#onViewMessage = onViewMessage;
  }

  readonly #listener = (event: MessageEvent<unknown>): void => {
    if (event.source !== this.#target) return;
    if (event.origin !== this.#origin) {
      this.#log('rejected', event.data, `origin ${event.origin} is not the sandbox origin`);
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(event.data);
    } catch {
      this.#log('rejected', event.data, 'not a JSON-RPC 2.0 message');
      return;
    }
    if ('method' in message && message.method.startsWith(SANDBOX_METHOD_PREFIX)) {
      // Host↔proxy handshake messages never reach the bridge (SEP-1865 sandbox proxy).
      this.#log('proxy→host', message);
      this.#onSandboxMessage(message);
      return;
    }
    this.#log('view→host', message);
    this.#onViewMessage(message);
    this.onmessage?.(message);
  };

  start(): Promise<void> {
    if (this.#started) throw new Error('SandboxTransport already started');
    this.#started = true;
    window.addEventListener('message', this.#listener);
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    const direction =
      'method' in message && message.method.startsWith(SANDBOX_METHOD_PREFIX)
        ? 'host→proxy'
        : 'host→view';
    this.#log(direction, message);
    this.#target.postMessage(message, this.#origin);
    return Promise.resolve();
  }

  close(): Promise<void> {
    window.removeEventListener('message', this.#listener);
    this.onclose?.();
    return Promise.resolve();
  }
}
