import { generateKeyPairSync, createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Clock,
  LiveTunnel,
  SshIdentity,
  SshKeyInfo,
  TunnelStatus,
  Upstream,
} from '@gatehouse/core';
import {
  configFromText,
  startGateway,
  type GatewayConfig,
  type RunningGateway,
} from '@gatehouse/gateway';
import { freePort } from '../net.ts';
import { Client, recordingLogger } from './gateway-harness.ts';
import { addAccount, PASSWORD } from './signin.ts';

/** Real time plus an offset the test moves forward (the gateway and its store share it). */
export interface OffsetClock extends Clock {
  advance(ms: number): void;
}

export function offsetClock(): OffsetClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

export interface TunnelGateway {
  readonly gateway: RunningGateway;
  readonly port: number;
  readonly dataDir: string;
  readonly config: GatewayConfig;
  readonly authUrl: string;
  readonly clock: OffsetClock;
  readonly logger: ReturnType<typeof recordingLogger>;
  /** A browser signed in at the auth host as `email` (the account is created first). */
  signedInBrowser(email: string): Promise<Client>;
  close(): Promise<void>;
}

/** A real gateway (real SQLite in a temp dir) with the tunnel's options. */
export async function startTunnelGateway(
  options: { tunnelUpstream?: Upstream; tunnelStatus?: TunnelStatus; config?: string } = {},
): Promise<TunnelGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-tunnel-'));
  const port = await freePort();
  const authUrl = `http://auth.localhost:${port}`;
  const text = `listen: 127.0.0.1:${port}\nauthenticate_service_url: ${authUrl}\ndata_dir: ${dir}\n${options.config ?? ''}`;
  const configPath = join(dir, 'gatehouse.yaml');
  await writeFile(configPath, text);
  const logger = recordingLogger();
  const clock = offsetClock();
  const config = configFromText(text, configPath);
  const gateway = await startGateway({
    config,
    logger,
    clock,
    ...(options.tunnelUpstream === undefined ? {} : { tunnelUpstream: options.tunnelUpstream }),
    ...(options.tunnelStatus === undefined ? {} : { tunnelStatus: options.tunnelStatus }),
  });
  return {
    gateway,
    port,
    dataDir: dir,
    config,
    authUrl,
    clock,
    logger,
    async signedInBrowser(email) {
      await addAccount(gateway.store, email);
      const browser = new Client();
      const page = await browser.request(`${authUrl}/signin`, { headers: { accept: 'text/html' } });
      const posted = await browser.postForm(`${authUrl}/signin`, {
        email,
        password: PASSWORD,
        csrf: Client.field(page.body, 'csrf'),
        return_to: `${authUrl}/account`,
      });
      if (posted.status !== 302) throw new Error(`sign-in answered ${posted.status}`);
      return browser;
    },
    async close() {
      await gateway.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh ed25519 key as the SSH server describes it (fingerprint as OpenSSH prints it). */
export function sshKey(clientIp = '203.0.113.7'): SshKeyInfo {
  const der = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
  const raw = der.subarray(der.length - 32);
  const name = Buffer.from('ssh-ed25519');
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const blob = Buffer.concat([u32(name.length), name, u32(raw.length), raw]);
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { fingerprint, publicKey: `ssh-ed25519 ${blob.toString('base64')}`, clientIp };
}

/** The verify page's path and query from a verify URL (the Client needs absolute URLs). */
export function verifyPage(browser: Client, verifyUrl: string) {
  return browser.request(verifyUrl, { headers: { accept: 'text/html' } });
}

/** Answers the verify page the way its form does. */
export async function answer(
  browser: Client,
  verifyUrl: string,
  decision: 'authorize' | 'deny',
  remember = false,
) {
  const page = await verifyPage(browser, verifyUrl);
  if (page.status !== 200) throw new Error(`verify page answered ${page.status}`);
  const url = new URL(verifyUrl);
  return browser.postForm(`${url.origin}/ssh/verify`, {
    csrf: Client.field(page.body, 'csrf'),
    user_code: Client.field(page.body, 'user_code'),
    decision,
    ...(remember ? { remember: '1' } : {}),
  });
}

/** Signs a fresh key in through the verify page (remembered): the owner's identity and namespace. */
export async function signInOwner(t: TunnelGateway, browser: Client): Promise<SshIdentity> {
  const pending = await t.gateway.tunnelAccounts.begin(sshKey());
  await answer(browser, pending.verifyUrl, 'authorize', true);
  const outcome = await pending.outcome;
  if (!outcome.approved) throw new Error(`sign-in ${outcome.reason}`);
  return outcome.identity;
}

/** A live tunnel of `identity`'s route `mcp`, as the SSH server would list it. */
export function liveMcpTunnel(identity: SshIdentity, since: number): LiveTunnel {
  return {
    userId: identity.userId,
    namespace: identity.namespace,
    route: 'mcp',
    connectionId: 'c1',
    fingerprint: 'SHA256:x',
    clientIp: '203.0.113.7',
    since,
    localAddress: 'localhost:8080',
  };
}
