import { createServer } from 'node:net';
import { GatehouseError } from '@gatehouse/core';

/** A port `npm start` is about to listen on, and how the user changes it. */
export interface PlannedPort {
  readonly port: number;
  readonly service: string;
  /** e.g. `npm start -- --edge-port 8788`, or "change listen in gatehouse.yaml". */
  readonly change: string;
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

function portInUseMessage(planned: PlannedPort): string {
  return (
    `Port ${planned.port} (${planned.service}) is already in use. ` +
    `Stop the program using it (lsof -i :${planned.port}) or choose another port: ${planned.change}`
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
  const lines = busy.map(portInUseMessage);
  // Several of our ports at once: most likely an earlier `npm start` that is still running.
  if (busy.length > 1)
    lines.push('Is Gatehouse already running in another terminal? Stop it with Ctrl-C there.');
  throw new GatehouseError('ERR_START_PORT_IN_USE', lines.join('\n'));
}
