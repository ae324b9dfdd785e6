import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localBin, run, type RunResult } from './process.ts';

export type SpecVersion = '2025-11-25' | '2026-07-28';

/**
 * The `@modelcontextprotocol/conformance` server scenarios that apply to the template, per MCP
 * era: each runs with `--spec-version <era>`, so the suite speaks that era to the server.
 */
export const APPLICABLE: Readonly<Record<SpecVersion, readonly string[]>> = {
  '2025-11-25': [
    'server-initialize',
    'ping',
    'tools-list',
    'resources-list',
    'dns-rebinding-protection',
    'server-session-lifecycle',
    'server-sse-multiple-streams',
    'server-sse-polling',
  ],
  '2026-07-28': [
    'tools-list',
    'resources-list',
    'dns-rebinding-protection',
    'server-sse-multiple-streams',
    'server-stateless',
    'http-header-validation',
    'sep-2164-resource-not-found',
    'caching',
    'input-required-result-unsupported-methods',
  ],
};

const FIXTURE = "it calls the reference fixture's";
const MRTR = `${FIXTURE} test_input_required_result_* tools; the template's tools never ask for input`;

/**
 * Every other server scenario of the installed suite, with why it does not apply to the template.
 * Most call tools, resources or prompts that only the suite's reference fixture has: against a
 * product server they fail ("Tool … not found") or, worse, pass falsely on that error.
 */
export const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'logging-set-level': 'the template declares no logging capability (deprecated in 2026-07-28)',
  'completion-complete': 'the template has no prompts or resource templates to complete',
  'tools-call-simple-text': `${FIXTURE} test_simple_text tool (passes falsely on "not found")`,
  'tools-call-image': `${FIXTURE} test_image_content tool`,
  'tools-call-audio': `${FIXTURE} test_audio_content tool`,
  'tools-call-embedded-resource': `${FIXTURE} test_embedded_resource tool`,
  'tools-call-mixed-content': `${FIXTURE} test_multiple_content_types tool`,
  'tools-call-with-logging': `${FIXTURE} test_tool_with_logging tool`,
  'tools-call-error': `${FIXTURE} test_error_handling tool (passes falsely on "not found")`,
  'tools-call-with-progress': `${FIXTURE} test_tool_with_progress tool`,
  'tools-call-sampling': `${FIXTURE} test_sampling tool`,
  'tools-call-elicitation': `${FIXTURE} test_elicitation tool`,
  'json-schema-2020-12': `${FIXTURE} json_schema_2020_12_tool`,
  'elicitation-sep1034-defaults': `${FIXTURE} elicitation tool`,
  'elicitation-sep1330-enums': `${FIXTURE} elicitation tool`,
  'resources-read-text': `${FIXTURE} test://static-text resource`,
  'resources-read-binary': `${FIXTURE} test://static-binary resource`,
  'resources-templates-read': `${FIXTURE} resource template`,
  'resources-subscribe': 'the template offers no resource subscriptions',
  'resources-unsubscribe': 'the template offers no resource subscriptions',
  'prompts-list': 'the template has no prompts (prompts/list is -32601)',
  'prompts-get-simple': `${FIXTURE} prompts`,
  'prompts-get-with-args': `${FIXTURE} prompts`,
  'prompts-get-embedded-resource': `${FIXTURE} prompts`,
  'prompts-get-with-image': `${FIXTURE} prompts`,
  'http-custom-header-server-validation':
    'it needs a tool with x-mcp-header parameters (SEP-2243); the template has none',
  'sep-2640-skills-directory': 'skills extension: the template serves no skills',
  'sep-2640-skills-enumeration': 'skills extension: the template serves no skills',
  'sep-2640-skills-manifest': 'skills extension: the template serves no skills',
  'tasks-lifecycle': 'tasks extension: the template runs no tasks',
  'tasks-capability-negotiation': 'tasks extension: the template runs no tasks',
  'tasks-wire-fields': 'tasks extension: the template runs no tasks',
  'tasks-request-state-removal': 'tasks extension: the template runs no tasks',
  'tasks-mrtr-input': 'tasks extension: the template runs no tasks',
  'tasks-request-headers': 'tasks extension: the template runs no tasks',
  'tasks-dispatch-and-envelope': 'tasks extension: the template runs no tasks',
  'tasks-status-notifications': 'tasks extension: the template runs no tasks',
  'tasks-required-task-error': 'tasks extension: the template runs no tasks',
  'tasks-mrtr-composition': 'tasks extension: the template runs no tasks',
  'input-required-result-basic-elicitation': MRTR,
  'input-required-result-basic-sampling': MRTR,
  'input-required-result-basic-list-roots': MRTR,
  'input-required-result-request-state': MRTR,
  'input-required-result-multiple-input-requests': MRTR,
  'input-required-result-multi-round': MRTR,
  'input-required-result-missing-input-response': MRTR,
  'input-required-result-non-tool-request': `${MRTR} (and it needs prompts)`,
  'input-required-result-result-type': MRTR,
  'input-required-result-tampered-state': MRTR,
  'input-required-result-capability-check': MRTR,
  'input-required-result-ignore-extra-params': MRTR,
  'input-required-result-validate-input': `${MRTR} (passes falsely on "not found")`,
};

export const BASELINE = path.resolve(import.meta.dirname, '..', 'conformance-baseline.yml');

const templateDir = path.resolve(import.meta.dirname, '..', '..', '..');
const cli = localBin(templateDir, 'conformance');

export interface ScenarioRun extends RunResult {
  readonly checks: readonly { id: string; status: string }[];
}

/** Runs one server scenario of the suite's CLI at one era; the baseline holds known gaps. */
export async function runScenario(
  url: string,
  scenario: string,
  version: SpecVersion,
): Promise<ScenarioRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'conformance-'));
  try {
    const args = ['server', '--url', url, '--scenario', scenario, '--spec-version', version];
    args.push('--expected-failures', BASELINE, '-o', dir);
    const result = await run(cli, args, { cwd: templateDir, timeoutMs: 120_000 });
    return { ...result, checks: await checksOf(dir) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The server scenario names the installed suite offers (`conformance list --server`). */
export async function listedServerScenarios(): Promise<string[]> {
  const result = await run(cli, ['list', '--server'], { cwd: templateDir });
  return [...result.stdout.matchAll(/^\s+- (\S+)/gm)].map((m) => m[1] ?? '');
}

async function checksOf(dir: string): Promise<{ id: string; status: string }[]> {
  const checks: { id: string; status: string }[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    if (!entry.endsWith('checks.json')) continue;
    const text = await readFile(path.join(dir, entry), 'utf8');
    checks.push(...(JSON.parse(text) as { id: string; status: string }[]));
  }
  return checks;
}
