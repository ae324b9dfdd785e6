export interface DevHostArgs {
  readonly port: number;
  readonly sandboxPort: number;
  readonly server: string;
}

const DEFAULT_ARGS: DevHostArgs = {
  port: 5174,
  sandboxPort: 5175,
  server: 'http://localhost:8080/mcp',
};

export const USAGE = `Usage: gatehouse-devhost [--port <n>] [--sandbox-port <n>] [--server <url>]

A local MCP Apps host: open the printed URL, connect to an MCP server, call tools and see
their widgets rendered as ChatGPT or Claude would.

  --port <n>          web app port on localhost (default ${DEFAULT_ARGS.port})
  --sandbox-port <n>  sandbox proxy port on 127.0.0.1, a separate origin (default ${DEFAULT_ARGS.sandboxPort})
  --server <url>      MCP server URL pre-filled in the app (default ${DEFAULT_ARGS.server})
  --help              show this help`;

export class UsageError extends Error {}

/** Returns null for --help. `--flag value` and `--flag=value` both work. */
export function parseArgs(argv: readonly string[]): DevHostArgs | null {
  let { port, sandboxPort, server } = DEFAULT_ARGS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return null;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (flag !== arg) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--port') port = parsePort(flag, value());
    else if (flag === '--sandbox-port') sandboxPort = parsePort(flag, value());
    else if (flag === '--server') server = parseServerUrl(value());
    else throw new UsageError(`unknown option "${arg}"`);
  }
  if (port === sandboxPort && port !== 0) {
    throw new UsageError('--port and --sandbox-port must differ: the sandbox needs its own origin');
  }
  return { port, sandboxPort, server };
}

function parsePort(flag: string, text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(`${flag} must be a port number from 0 to 65535, got "${text}"`);
  }
  return port;
}

function parseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--server must be a URL such as ${DEFAULT_ARGS.server}, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--server must be an http(s) URL, got "${text}"`);
  }
  return url.href;
}
