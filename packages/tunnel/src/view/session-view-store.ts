import type { Clock } from '@gatehouse/core';
import type {
  ConnectionView,
  ForwardRequestView,
  LogLineView,
  PortForwardView,
  SessionView,
  SessionViewSource,
} from '../session-view.ts';

/** Pomerium's log scrollback. */
const MAX_LOGS = 256;
/** Closed connections kept for display; open ones are always shown. */
const MAX_CLOSED_CONNECTIONS = 50;
/** Byte counters change on every packet; subscribers hear about that at most this often. */
const TRAFFIC_NOTIFY_MS = 1000;

/** A connection row whose counters the traffic tap bumps in place. */
export interface ConnectionRecord {
  channel: number;
  status: ConnectionView['status'];
  hostname: string;
  path: string;
  client: string;
  rxBytes: number;
  txBytes: number;
  openedAt: number;
  closedAt: number | null;
}

/** The live SessionViewSource of one SSH connection. Snapshots are built lazily and cached. */
export class SessionViewStore implements SessionViewSource {
  readonly #clock: Clock;
  readonly #sessionId: string;
  readonly #clientIp: string;
  #email: string | null = null;
  #connections: ConnectionRecord[] = [];
  #requests: readonly ForwardRequestView[] = [];
  #forwards: readonly PortForwardView[] = [];
  readonly #logs: LogLineView[] = [];
  readonly #listeners = new Set<(view: SessionView) => void>();
  readonly #logListeners = new Set<(line: LogLineView) => void>();
  readonly #foreignListeners = new Set<() => void>();
  #snapshot: SessionView | undefined;
  #notifyQueued = false;
  #trafficTimer: NodeJS.Timeout | undefined;

  constructor(sessionId: string, clientIp: string, clock: Clock) {
    this.#sessionId = sessionId;
    this.#clientIp = clientIp;
    this.#clock = clock;
  }

  current(): SessionView {
    this.#snapshot ??= Object.freeze({
      sessionId: this.#sessionId,
      clientIp: this.#clientIp,
      email: this.#email,
      connections: this.#connections.map((c) => Object.freeze({ ...c })),
      requests: this.#requests,
      forwards: this.#forwards,
      logs: this.#logs.slice(),
    });
    return this.#snapshot;
  }

  subscribe(listener: (view: SessionView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onForeignOutput(listener: () => void): () => void {
    this.#foreignListeners.add(listener);
    return () => this.#foreignListeners.delete(listener);
  }

  /** A channel failed: the ssh client probably printed a line of its own on the terminal. */
  foreignOutput(): void {
    for (const listener of this.#foreignListeners) listener();
  }

  /** Every new log line (not repeats): the plain-text printer streams these. */
  onLog(listener: (line: LogLineView) => void): () => void {
    this.#logListeners.add(listener);
    return () => this.#logListeners.delete(listener);
  }

  setEmail(email: string | null): void {
    this.#email = email;
    this.#changed();
  }

  setForwards(requests: readonly ForwardRequestView[], forwards: readonly PortForwardView[]): void {
    this.#requests = Object.freeze(requests.map((r) => Object.freeze(r)));
    this.#forwards = Object.freeze(forwards.map((f) => Object.freeze(f)));
    this.#changed();
  }

  log(level: LogLineView['level'], text: string): void {
    const last = this.#logs.at(-1);
    if (last?.text === text && last.level === level) {
      this.#logs[this.#logs.length - 1] = { ...last, at: this.#clock.now(), count: last.count + 1 };
    } else {
      const line = Object.freeze({ at: this.#clock.now(), level, text, count: 1 });
      this.#logs.push(line);
      if (this.#logs.length > MAX_LOGS) this.#logs.shift();
      for (const listener of this.#logListeners) listener(line);
    }
    this.#changed();
  }

  openConnection(channel: number, client: string): ConnectionRecord {
    const record: ConnectionRecord = {
      channel,
      status: 'open',
      hostname: '',
      path: '',
      client,
      rxBytes: 0,
      txBytes: 0,
      openedAt: this.#clock.now(),
      closedAt: null,
    };
    this.#connections.push(record);
    this.#changed();
    return record;
  }

  closeConnection(record: ConnectionRecord, status: 'closed' | 'error' = 'closed'): void {
    if (record.closedAt !== null) return;
    record.status = status;
    record.closedAt = this.#clock.now();
    const closed = this.#connections.filter((c) => c.closedAt !== null);
    if (closed.length > MAX_CLOSED_CONNECTIONS) {
      const drop = new Set(closed.slice(0, closed.length - MAX_CLOSED_CONNECTIONS));
      this.#connections = this.#connections.filter((c) => !drop.has(c));
    }
    this.#changed();
  }

  /** A request line was sniffed or bytes moved: redraw soon, not on every packet. */
  trafficChanged(): void {
    this.#snapshot = undefined;
    if (this.#trafficTimer !== undefined || this.#listeners.size === 0) return;
    this.#trafficTimer = setTimeout(() => {
      this.#trafficTimer = undefined;
      this.#notify();
    }, TRAFFIC_NOTIFY_MS);
    this.#trafficTimer.unref();
  }

  dispose(): void {
    clearTimeout(this.#trafficTimer);
    this.#listeners.clear();
    this.#logListeners.clear();
    this.#foreignListeners.clear();
  }

  #changed(): void {
    this.#snapshot = undefined;
    if (this.#notifyQueued || this.#listeners.size === 0) return;
    this.#notifyQueued = true;
    queueMicrotask(() => {
      this.#notifyQueued = false;
      this.#notify();
    });
  }

  #notify(): void {
    const view = this.current();
    for (const listener of this.#listeners) listener(view);
  }
}
