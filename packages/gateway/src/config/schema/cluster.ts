import { z } from 'zod';
import { listenAddress, origin } from './values.ts';

/**
 * Several gateway processes or machines on one store: each node's internal listener, where the
 * others forward requests for tunnels whose SSH connection it holds. Off unless set (or
 * `gatehouse serve --workers N` with N > 1, which uses the defaults).
 */
export const clusterSection = z
  .strictObject({
    /** Never a public address: only the other nodes must reach it. Port 0 = any free port. */
    internal_listen: listenAddress.default({ host: '127.0.0.1', port: 0 }),
    /** What the other nodes dial, when not the listen address (NAT, containers). */
    advertise_url: origin.optional(),
    /** The secret every node signs hops with (base64 of 32 bytes); default <data_dir>/cluster-secret. */
    secret_file: z.string().min(1).optional(),
  })
  .optional();
