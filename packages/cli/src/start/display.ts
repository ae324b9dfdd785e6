import { relative, isAbsolute } from 'node:path';
import type { TunnelChange } from './tunnel-watch.ts';

/** What `npm start` prints: progress lines, the next-steps box, tunnel changes. Plain text. */
export interface StartDisplay {
  step(name: string, detail: string, ms: number): void;
  ready(ms: number, next: NextSteps): void;
  tunnel(change: TunnelChange, devhostUrl: string | undefined): void;
  line(text: string): void;
}

export interface NextSteps {
  readonly firstRunLink: string | undefined;
  readonly accountUrl: string;
  readonly sshCommand: string | undefined;
  readonly devhostUrl: string | undefined;
  readonly mcpUrl: string | undefined;
  readonly dataDir: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function box(title: string, lines: readonly string[]): string {
  const width = Math.max(title.length + 2, ...lines.map((l) => l.length));
  const top = `┌─ ${title} ${'─'.repeat(width - title.length - 1)}┐`;
  const bottom = `└${'─'.repeat(width + 2)}┘`;
  return [top, ...lines.map((l) => `│ ${l.padEnd(width)} │`), bottom].join('\n');
}

/** `./data` when the folder is under the working directory, else the absolute path. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : `./${rel}`;
}

function nextStepsLines(next: NextSteps): string[] {
  const lines: string[] = [];
  let n = 1;
  if (next.firstRunLink !== undefined) {
    lines.push(`${n}. Create your admin account (one-time link, valid 24 h):`);
    lines.push(`   ${next.firstRunLink}`);
  } else {
    lines.push(`${n}. Sign in with your account at ${next.accountUrl}`);
  }
  n += 1;
  if (next.sshCommand !== undefined) {
    lines.push(`${n}. In a new terminal, open the tunnel to your MCP server:`);
    lines.push(`   ${next.sshCommand}`);
    lines.push('   Open the link it prints, sign in and Authorize. Its screen then shows');
    lines.push('   Status ACTIVE and your Remote URL; this terminal prints it too.');
    n += 1;
  }
  lines.push(`${n}. Connect ChatGPT, Claude or any MCP client to <Remote URL>/mcp.`);
  if (next.devhostUrl !== undefined)
    lines.push(`   Or try the widgets locally in the dev host: ${next.devhostUrl}`);
  if (next.mcpUrl !== undefined) lines.push(`   Your MCP server itself: ${next.mcpUrl}`);
  lines.push('');
  lines.push(`Ctrl-C stops everything. Your data stays in ${next.dataDir}.`);
  return lines;
}

export function createDisplay(write: (text: string) => void): StartDisplay {
  return {
    step(name, detail, ms) {
      write(`  ✓ ${name.padEnd(20)} ${detail.padEnd(46)} ${seconds(ms)}\n`);
    },
    ready(ms, next) {
      write(`\nReady in ${seconds(ms)}.\n${box('What to do next', nextStepsLines(next))}\n`);
    },
    tunnel(change, devhostUrl) {
      if (!change.live) {
        write(
          `○ Tunnel offline  ${change.remoteUrl} (no ssh -R serves it now: the session ended or cancelled this forward)\n`,
        );
        return;
      }
      const mcp = `${change.remoteUrl}/mcp`;
      write(
        `● Tunnel ACTIVE   ${change.remoteUrl} → ${change.localAddress}\n` +
          `  MCP URL: ${mcp}\n` +
          (devhostUrl === undefined
            ? ''
            : `  Try it in the dev host: ${devhostUrl}/?server=${encodeURIComponent(mcp)}\n`),
      );
    },
    line(text) {
      write(`${text}\n`);
    },
  };
}
