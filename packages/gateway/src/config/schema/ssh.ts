import { z } from 'zod';
import { listenAddress } from './values.ts';

/** The SSH tunnel endpoint (`ssh -R 0 -p 2222 <host>`). */
export const sshSection = z
  .strictObject({
    enabled: z.boolean().default(true),
    listen: listenAddress.default({ host: '127.0.0.1', port: 2222 }),
  })
  .default({ enabled: true, listen: { host: '127.0.0.1', port: 2222 } });
