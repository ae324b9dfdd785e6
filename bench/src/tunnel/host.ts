import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnServer } from '../lib/child-server.ts';
import { CPU_PROFILE_ARGS, CPU_PROFILE_ENV } from '../lib/cpu-profile.ts';
import { httpRequest } from '../lib/http.ts';

const ENTRY = path.join(import.meta.dirname, 'tunnel-host.ts');
const READY_TIMEOUT_MS = 30_000;

export interface TunnelHostOptions {
  /** Holds the host key. */
  readonly dir: string;
  /** Keys bound to the bench account up front (`SHA256:…`). */
  readonly fingerprints: readonly string[];
  /** Where `ssh -R 0` sessions connect on the client side, e.g. `127.0.0.1:41234`. */
  readonly localAddress: string;
  /** Render the ink TUI for sessions with a pty. */
  readonly tui: boolean;
}

export interface TunnelHost {
  readonly pid: number;
  readonly child: ChildProcess;
  /** The tunnel's SSH port. */
  readonly sshPort: number;
  /** The HTTP front that reaches the route `mcp` through the tunnel. */
  readonly httpPort: number;
  /** A byte relay onto the route `mcp`: one channel per TCP connection, nothing parsed. */
  readonly relayPort: number;
  /** ssh2 loaded its native crypto binding (else its per-packet JavaScript fallback runs). */
  readonly nativeCrypto: boolean;
  /** Where the process writes its CPU profile on the second SIGUSR2 (lib/cpu-profile.ts). */
  readonly cpuProfile: string;
  /** SSH connections signed in, and whether the route `mcp` has a live forward. */
  status(): Promise<{ readonly tunnels: number; readonly live: boolean }>;
  output(): string;
  stop(): Promise<void>;
}

interface Started {
  readonly ssh: number;
  readonly http: number;
  readonly relay: number;
  readonly control: number;
  readonly nativeCrypto: boolean;
}

function parseStarted(line: string): Started | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(line) as Partial<Started> & { msg?: unknown };
    if (v.msg !== 'Tunnel host started') return undefined;
    const { ssh, http, relay, control, nativeCrypto } = v;
    if (
      typeof ssh !== 'number' ||
      typeof http !== 'number' ||
      typeof relay !== 'number' ||
      typeof control !== 'number'
    ) {
      return undefined;
    }
    return { ssh, http, relay, control, nativeCrypto: nativeCrypto === true };
  } catch {
    return undefined;
  }
}

/** Starts `tunnel-host.ts` as its own process and waits for its ports. */
export function startTunnelHost(options: TunnelHostOptions): Promise<TunnelHost> {
  const cpuProfile = path.join(options.dir, 'tunnel-host.cpuprofile');
  return new Promise((resolve, reject) => {
    let settled = false;
    const spawned = spawnServer(
      {
        name: 'gatehouse tunnel',
        args: [...CPU_PROFILE_ARGS, ENTRY],
        cwd: import.meta.dirname,
        env: {
          NODE_ENV: 'production',
          [CPU_PROFILE_ENV]: cpuProfile,
          TUNNEL_DIR: options.dir,
          TUNNEL_FINGERPRINTS: options.fingerprints.join(','),
          TUNNEL_LOCAL: options.localAddress,
          TUNNEL_TUI: options.tui ? '1' : '0',
        },
      },
      (line) => {
        const ports = settled ? undefined : parseStarted(line);
        if (ports === undefined) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          pid: spawned.child.pid ?? 0,
          child: spawned.child,
          sshPort: ports.ssh,
          httpPort: ports.http,
          relayPort: ports.relay,
          nativeCrypto: ports.nativeCrypto,
          cpuProfile,
          async status() {
            const answer = await httpRequest(`http://127.0.0.1:${ports.control}/`, {
              agent: false,
            });
            return JSON.parse(answer.body) as { tunnels: number; live: boolean };
          },
          output: () => spawned.output(),
          stop: () => spawned.stop(),
        });
      },
    );
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void spawned.stop(0);
      reject(new Error(`gatehouse tunnel: ${message}\n${spawned.output()}`));
    };
    const timer = setTimeout(() => fail('not ready in time'), READY_TIMEOUT_MS);
    spawned.child.once('exit', (code, signal) =>
      fail(`exited (${signal ?? String(code)}) before it was ready`),
    );
  });
}
