import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromText, startGateway } from '@gatehouse/gateway';
import { freePort } from '@gatehouse/testing';
import { recordingLogger, type TestGateway } from '@gatehouse/testing/gateway';

export interface McpGatewayOptions {
  /** Keep state across a restart: pass the same dir (and port) again. */
  readonly dataDir?: string;
  readonly port?: number;
  /**
   * The authenticate service (and so the OAuth issuer), `{{port}}` replaced. Default
   * `http://auth.localhost:{{port}}`; tools that resolve names themselves (the conformance suite)
   * need a name Node resolves, e.g. `http://localhost:{{port}}`.
   */
  readonly authUrl?: string;
  /** Extra CA for fetching client metadata documents (a CIMD document on a test HTTPS server). */
  readonly cimdCa?: string;
}

/**
 * A real gateway for the MCP end-to-end tests: what `startTestGateway` does, plus a choice of
 * issuer host and the CIMD test CA. `yaml` is the config body with `{{port}}` placeholders.
 */
export async function startMcpGateway(
  yaml: string,
  options: McpGatewayOptions = {},
): Promise<TestGateway> {
  const dir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'gatehouse-e2e-')));
  const port = options.port ?? (await freePort());
  const fill = (text: string) => text.replaceAll('{{port}}', String(port));
  const authUrl = fill(options.authUrl ?? 'http://auth.localhost:{{port}}');
  const text = `listen: 127.0.0.1:${port}\nauthenticate_service_url: ${authUrl}\ndata_dir: ${dir}\n${fill(yaml)}`;
  const configPath = join(dir, 'gatehouse.yaml');
  await writeFile(configPath, text);
  const logger = recordingLogger();
  const gateway = await startGateway({
    config: configFromText(text, configPath),
    logger,
    ...(options.cimdCa === undefined ? {} : { cimdCa: options.cimdCa }),
  });
  return {
    gateway,
    port,
    dataDir: dir,
    configPath,
    logger,
    authUrl,
    origin: (name) => `http://${name}.localhost:${port}`,
    async close() {
      await gateway.close();
      if (options.dataDir === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The config text a reload would read: the same header as at start, a new body. */
export function configText(gw: TestGateway, yaml: string): string {
  return `listen: 127.0.0.1:${gw.port}\nauthenticate_service_url: ${gw.authUrl}\ndata_dir: ${gw.dataDir}\n${yaml.replaceAll('{{port}}', String(gw.port))}`;
}
