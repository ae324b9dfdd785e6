import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProcess } from '@gatehouse/testing';
import { CENSOR, redactSecrets } from '../src/log-redaction.ts';

const LOGGER = fileURLToPath(new URL('../src/logger.ts', import.meta.url));

/** Runs the real logger in a child process (it writes to fd 1) and returns its JSON lines. */
async function logLines(script: string): Promise<Record<string, unknown>[]> {
  const source =
    `const { createLogger } = await import(${JSON.stringify(LOGGER)});\n` +
    `const logger = createLogger('info');\n${script}\nlogger.flush();\n`;
  const { code, stdout, stderr } = await runProcess(process.execPath, [
    '--input-type=module',
    '-e',
    source,
  ]);
  if (code !== 0) throw new Error(`logger process exited ${String(code)}: ${stderr}`);
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('log lines redact secrets', () => {
  it('censors authorization, cookie, password, token and secret one level down', async () => {
    const lines = await logLines(`
      logger.info({ req: { authorization: 'Bearer abc', cookie: 'sid=1', path: '/x' } }, 'one');
      logger.info({ body: { password: 'hunter2', token: 't', secret: 's', user: 'ada' } }, 'two');
      logger.child({ component: 'audit' }).info({ client: { token: 'u' } }, 'three');
    `);
    expect(lines.map((l) => l['msg'])).toEqual(['one', 'two', 'three']);
    expect(lines[0]?.['req']).toEqual({ authorization: CENSOR, cookie: CENSOR, path: '/x' });
    expect(lines[1]?.['body']).toEqual({
      password: CENSOR,
      token: CENSOR,
      secret: CENSOR,
      user: 'ada',
    });
    expect(lines[2]).toMatchObject({ component: 'audit', client: { token: CENSOR } });
    expect(JSON.stringify(lines)).not.toMatch(/Bearer abc|sid=1|hunter2/);
  }, 30_000);

  it('keeps the caller objects and an Error message intact', () => {
    const nested = { token: 'secret-value', kept: 1 };
    const error = Object.assign(new Error('boom'), { token: 'secret-value' });
    const fields = { nested, err: error, plain: 'x', list: [{ token: 'in an array' }] };
    const out = redactSecrets(fields);
    expect(out).not.toBe(fields);
    expect(out['nested']).toEqual({ token: CENSOR, kept: 1 });
    expect(nested.token).toBe('secret-value');
    expect(error.token).toBe('secret-value');
    const safeError = out['err'] as Error & { token: string };
    expect(safeError).toBeInstanceOf(Error);
    expect(safeError.message).toBe('boom');
    expect(safeError.token).toBe(CENSOR);
    // pino's `*.token` never reached into arrays either.
    expect(out['list']).toBe(fields.list);
  });

  it('hands a line without secrets back unchanged', () => {
    const line = { requestId: 'r', route: 'app', reasons: ['ok'], status: 200, extra: { a: 1 } };
    expect(redactSecrets(line)).toBe(line);
  });
});
