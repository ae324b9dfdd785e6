import { existsSync } from 'node:fs';
import { GatehouseError } from '@gatehouse/core';
import { openConfiguredStore } from '@gatehouse/gateway';
import { lastOption, parseArgs } from '../args.ts';
import { configFrom } from '../config.ts';
import type { CliIo } from '../io.ts';

/**
 * `gatehouse nodes [--config file | --data-dir dir] [--json]`: the live nodes of the store (every
 * `gatehouse serve` process or `--workers` worker) and the tunnel routes each one holds, read
 * from the store, so it works beside running servers.
 */
export async function nodesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { valued: ['config', 'data-dir'], switches: ['json'] });
  if (args.positionals.length > 1)
    throw new GatehouseError('ERR_CLI_USAGE', `unexpected argument "${args.positionals[1] ?? ''}"`);
  const config = await configFrom(lastOption(args, 'config'), io.cwd, lastOption(args, 'data-dir'));
  // The server's store: SQLite in the data folder, or the configured PostgreSQL database (where
  // the nodes of a cluster on PostgreSQL register; a SQLite file beside it would list none).
  if (config.store.kind === 'sqlite' && !existsSync(config.store.file)) {
    throw new GatehouseError(
      'ERR_CLI_NOT_FOUND',
      `no Gatehouse data in ${config.dataDir}: use the same --config (or --data-dir) as gatehouse serve`,
    );
  }
  const store = await openConfiguredStore(config.store);
  try {
    const now = Date.now();
    const nodes = await store.nodes.listLive(now);
    const holders = await store.nodes.listHolders(now);
    const listed = nodes.map((n) => ({
      id: n.id,
      internalAddress: n.internalAddress,
      startedAt: new Date(n.startedAt).toISOString(),
      leaseEndsIn: `${String(Math.max(0, Math.round((n.expiresAt - now) / 1000)))}s`,
      tunnels: holders
        .filter((h) => h.nodeId === n.id)
        .map((h) => ({
          route: h.routeKey,
          connection: h.connectionId,
          to: h.localAddress ?? null,
        })),
    }));
    if (args.options.has('json')) {
      io.out(`${JSON.stringify({ nodes: listed }, null, 2)}\n`);
      return 0;
    }
    if (listed.length === 0) {
      io.out(
        'No live nodes (no gatehouse serve with a cluster section or --workers is running).\n',
      );
      return 0;
    }
    for (const n of listed) {
      io.out(`${n.id}\t${n.internalAddress}\tup since ${n.startedAt}\tlease ${n.leaseEndsIn}\n`);
      if (n.tunnels.length === 0) io.out('  (no tunnels)\n');
      for (const t of n.tunnels) {
        io.out(`  ${t.route}\tconnection ${t.connection}${t.to === null ? '' : `\t→ ${t.to}`}\n`);
      }
    }
    return 0;
  } finally {
    await store.close();
  }
}
