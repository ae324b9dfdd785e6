import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_DATA, EXIT_USAGE, runCli, type CliIo } from '../src/cli/run.ts';

const here = import.meta.dirname;
const examples = path.resolve(here, '..', 'examples');
const main = path.resolve(here, '..', 'src', 'cli', 'main.ts');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'policy-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIo = {
    readFile: (p) => readFile(p, 'utf8'),
    out: (t) => (out += t),
    err: (t) => (err += t),
    now: () => new Date('2026-11-27T10:00:00Z'),
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

async function file(name: string, text: string): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, text);
  return p;
}

describe('gatehouse-policy', () => {
  it('runs as a command and explains a denied tool call (exit 1)', () => {
    const result = spawnSync(
      process.execPath,
      [
        main,
        'test',
        '--policy',
        path.join(examples, 'mcp-tools.yaml'),
        '--input',
        path.join(examples, 'forbidden-call.json'),
      ],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('outcome: deny');
    expect(result.stdout).toMatch(/✓ policy\[1\]\.deny\.and\[0\]\.mcp_tool\s+mcp-tool-match/);
  });

  it('exits 0 on allow and 2 on login, with --json for machines', async () => {
    const policy = path.join(examples, 'mcp-tools.yaml');
    const allowed = await file(
      'ok.json',
      JSON.stringify({
        session: { id: 's' },
        user: { id: 'u', email: 'a@company.com' },
        mcp: { method: 'tools/list' },
      }),
    );
    const anonymous = await file('anon.json', JSON.stringify({ mcp: { method: 'tools/list' } }));
    expect((await cli('test', '--policy', policy, '--input', allowed)).code).toBe(0);
    const login = await cli('test', '--policy', policy, '--input', anonymous, '--json');
    expect(login.code).toBe(2);
    expect(JSON.parse(login.out)).toMatchObject({
      outcome: 'login',
      reasons: ['user-unauthenticated'],
    });
  });

  it('check validates a policy and names the problem in a bad one', async () => {
    expect((await cli('check', '--policy', path.join(examples, 'mcp-tools.yaml'))).code).toBe(0);
    const bad = await file('bad.yaml', 'deny: { and: [ { mcp_tool: { eq: drop } } ] }\n');
    const result = await cli('check', '--policy', bad);
    expect(result.code).toBe(EXIT_DATA);
    expect(result.err).toContain('policy.deny.and[0].mcp_tool: unknown operator "eq"');
  });

  it.each([
    [['frob'], 'unknown command "frob"'],
    [['test', '--policy'], '--policy needs a file path'],
    [['test', '--policy', 'p.yaml'], 'test needs --input'],
    [['check', '--policy', 'p.yaml', '--color'], 'unknown option "--color"'],
  ])('refuses bad usage %j with exit 64', async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toContain(message);
    expect(result.err).toContain('Usage:');
  });

  it('names unreadable files, invalid YAML and bad input fields (exit 65)', async () => {
    const policy = path.join(examples, 'mcp-tools.yaml');
    expect((await cli('check', '--policy', path.join(dir, 'missing.yaml'))).err).toContain(
      'cannot read the policy file',
    );
    const broken = await file('broken.yaml', 'allow: { and: [ \n');
    expect((await cli('check', '--policy', broken)).err).toMatch(
      /not valid YAML or JSON at line \d+/,
    );
    const notJson = await file('input.txt', 'user: x');
    expect((await cli('test', '--policy', policy, '--input', notJson)).err).toContain(
      'not valid JSON',
    );
    const badNow = await file('now.json', JSON.stringify({ now: 'yesterday' }));
    const r = await cli('test', '--policy', policy, '--input', badNow);
    expect(r.code).toBe(EXIT_DATA);
    expect(r.err).toContain('input.now: expected an ISO 8601 date-time');
    const extra = await file('extra.json', JSON.stringify({ usr: {} }));
    expect((await cli('test', '--policy', policy, '--input', extra)).err).toContain(
      'input.usr: unknown field',
    );
  });
});
