import { z } from 'zod';
import type { DevHostConfig } from '../../shared/contract.ts';

const DevHostConfigSchema = z.object({
  defaultServerUrl: z.string(),
  sandboxUrl: z.url({ protocol: /^https?$/ }),
});

/** `GET /config.json` from the dev host server (contract.ts), parsed at the boundary. */
export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<DevHostConfig> {
  const response = await fetchImpl('/config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /config.json answered ${response.status}`);
  const parsed = DevHostConfigSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`/config.json is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
