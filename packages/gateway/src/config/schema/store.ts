import { z } from 'zod';

/**
 * Where durable state lives: SQLite in data_dir (the default, one machine), or PostgreSQL
 * shared by every node of a cluster (`store.postgres.url`). Messages never echo the URL
 * itself: it may carry a password.
 */
export const storeSection = z
  .strictObject({
    postgres: z
      .strictObject({
        url: z.string().refine((url) => /^postgres(?:ql)?:\/\/[^/]/i.test(url), {
          message:
            'must be a postgres:// or postgresql:// URL, e.g. postgres://db.example:5432/gatehouse',
        }),
        /** Connections per process; the server's max_connections must cover every node. */
        pool_size: z.number().int().min(1).max(200).default(10),
      })
      .optional(),
  })
  .default({});
