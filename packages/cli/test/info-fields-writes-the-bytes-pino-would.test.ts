import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProcess } from '@gatehouse/testing';

// The per-request decision line skips pino's per-field serializer through `infoFields` (ADR
// 0020). Log readers, tests and docs rely on its exact form: the line must be byte for byte
// what `info(object, msg)` writes, bindings of a child included, and nothing below `info`.

const LOGGER = fileURLToPath(new URL('../src/logger.ts', import.meta.url));

/** Runs the real logger at `level` in a child process (it writes to fd 1); its stdout lines. */
async function lines(level: string, script: string): Promise<string[]> {
  const source =
    `const { createLogger } = await import(${JSON.stringify(LOGGER)});\n` +
    `const logger = createLogger(${JSON.stringify(level)});\n` +
    `const fields = (o) => JSON.stringify(o).slice(1, -1);\n${script}\nlogger.flush();\n`;
  const { code, stdout, stderr } = await runProcess(process.execPath, [
    '--input-type=module',
    '-e',
    source,
  ]);
  if (code !== 0) throw new Error(`logger process exited ${String(code)}: ${stderr}`);
  return stdout.split('\n').filter((l) => l !== '');
}

const withoutTime = (line: string) => line.replace(/,"time":\d+,/, ',"time":0,');

describe('infoFields', () => {
  it('writes the same line as info(object, msg), on the root logger and on a child', async () => {
    const decision = {
      requestId: '6f1c2b0e-5d7a-4e43-9a51-0d2b1f7f5c11',
      route: 'app "quoted" \\ back',
      user: 'ädä\u2028@example.com\u0001',
      outcome: 'deny',
      reasons: ['user-unauthenticated', 'mcp-tool-no-match'],
      status: 403,
    };
    const anonymous = { ...decision, user: null, reasons: [], status: 200 };
    const out = await lines(
      'info',
      `
      const d = ${JSON.stringify(decision)};
      const a = ${JSON.stringify(anonymous)};
      logger.info(d, 'decision');
      logger.infoFields(fields(d), 'decision');
      logger.info(a, 'decision');
      logger.infoFields(fields(a), 'decision');
      const child = logger.child({ component: 'edge' });
      child.info(d, 'decision');
      child.infoFields(fields(d), 'decision');
    `,
    );
    expect(out).toHaveLength(6);
    for (let i = 0; i < 6; i += 2)
      expect(withoutTime(out[i + 1] ?? '')).toBe(withoutTime(out[i] ?? ''));
    expect(JSON.parse(out[5] ?? '')).toMatchObject({ level: 30, component: 'edge', ...decision });
  }, 30_000);

  it('writes nothing when info is below the level', async () => {
    const out = await lines('warn', `logger.infoFields(fields({ a: 1 }), 'decision');`);
    expect(out).toEqual([]);
  }, 30_000);
});
