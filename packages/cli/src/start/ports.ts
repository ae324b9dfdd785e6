import { createServer } from 'node:net';
import { GatehouseError } from '@gatehouse/core';

/** A port `npm start` is about to listen on, and how the user changes it. */
export interface PlannedPort {
  readonly port: number;
  readonly service: string;
  /**
   * How to move it: "change listen in gatehouse.yaml", or for a flag the command with a port
   * that is free and none of the others planned (`npm start -- --devhost-port 5176`).
   */
  readonly change: string | ((freePort: number) => string);
}

type Probe = 'free' | 'in-use' | 'unavailable';

function probe(port: number, host: string): Promise<Probe> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? 'in-use' : 'unavailable');
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/** Taken on IPv4 or IPv6 loopback (`localhost` may be either; vite listens on `localhost`). */
async function taken(port: number): Promise<boolean> {
  const [v4, v6] = await Promise.all([probe(port, '127.0.0.1'), probe(port, '::1')]);
  return v4 === 'in-use' || v6 === 'in-use';
}

/**
 * The next port after `from` that is free now and not planned for another service (5174 busy
 * must not suggest 5175, the sandbox's port), nor already suggested for another busy one.
 */
async function freeAfter(from: number, avoid: Set<number>): Promise<number | undefined> {
  for (let port = from + 1; port <= Math.min(from + 100, 65535); port += 1) {
    if (avoid.has(port)) continue;
    if (!(await taken(port))) return port;
  }
  return undefined;
}

async function portInUseMessage(planned: PlannedPort, avoid: Set<number>): Promise<string> {
  let change: string;
  if (typeof planned.change === 'string') change = planned.change;
  else {
    const free = await freeAfter(planned.port, avoid);
    if (free !== undefined) avoid.add(free);
    change = free === undefined ? 'pick a free port' : planned.change(free);
  }
  return (
    `Port ${planned.port} (${planned.service}) is already in use. ` +
    `Stop the program using it (lsof -i :${planned.port}) or choose another port: ${change}`
  );
}

/**
 * Checks every port before anything starts, so a clash is reported once, for all ports, with
 * the flag that moves each one, instead of leaving half the system running.
 */
export async function checkPorts(planned: readonly PlannedPort[]): Promise<void> {
  const seen = new Map<number, string>();
  for (const p of planned) {
    const other = seen.get(p.port);
    if (other !== undefined)
      throw new GatehouseError(
        'ERR_START_PORT_CLASH',
        `The ${other} and the ${p.service} are both set to port ${p.port}; give one another port.`,
      );
    seen.set(p.port, p.service);
  }
  const busy = (
    await Promise.all(planned.map(async (p) => ((await taken(p.port)) ? p : undefined)))
  ).filter((p) => p !== undefined);
  if (busy.length === 0) return;
  const avoid = new Set(planned.map((p) => p.port));
  const lines: string[] = [];
  for (const p of busy) lines.push(await portInUseMessage(p, avoid));
  // Several of our ports at once: most likely an earlier `npm start` that is still running.
  if (busy.length > 1)
    lines.push('Is Gatehouse already running in another terminal? Stop it with Ctrl-C there.');
  throw new GatehouseError('ERR_START_PORT_IN_USE', lines.join('\n'));
}
