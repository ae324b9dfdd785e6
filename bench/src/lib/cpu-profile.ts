import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** `node` arguments that preload the SIGUSR2 profiler toggle (cpu-profile-hook.js). */
export const CPU_PROFILE_ARGS: readonly string[] = [
  '--import',
  path.join(import.meta.dirname, 'cpu-profile-hook.js'),
];
/** The env var that tells the hook where to write the profile. */
export const CPU_PROFILE_ENV = 'BENCH_CPU_PROFILE_OUT';

const WRITE_TIMEOUT_MS = 30_000;

export interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
/** The parts of a V8 `.cpuprofile` this summary reads. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  /** `name (file:line)`, the file relative to node_modules or the repository. */
  readonly where: string;
  /** Share of all non-idle sampled time, 0–100. */
  readonly percent: number;
}

function shortUrl(url: string): string {
  if (url === '') return '';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) return file.slice(nm + '/node_modules/'.length);
  const pkg = file.indexOf('/packages/');
  if (pkg >= 0) return file.slice(pkg + 1);
  return file.replace(/^node:/, 'node:');
}

function label(frame: CallFrame): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  const file = shortUrl(frame.url);
  return file === '' ? name : `${name} (${file}:${frame.lineNumber + 1})`;
}

/** Every sample that is the process's own work: its top frame, its duration (µs) and node id. */
function forEachBusySample(
  profile: CpuProfile,
  visit: (frame: CallFrame, dt: number, id: number) => void,
): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    // Idle, and the profiler's own stop call (node:inspector), are not the server's work.
    if (frame === undefined || frame.functionName === '(idle)' || frame.url === 'node:inspector')
      return;
    visit(frame, profile.timeDeltas[i] ?? 0, id);
  });
}

/** The `top` functions by self time (time on the stack top), idle excluded. */
export function topSelfTime(profile: CpuProfile, top = 5): SelfTime[] {
  const totals = new Map<string, number>();
  let all = 0;
  forEachBusySample(profile, (frame, dt) => {
    const key = label(frame);
    totals.set(key, (totals.get(key) ?? 0) + dt);
    all += dt;
  });
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, t]) => ({ where, percent: all === 0 ? 0 : (100 * t) / all }));
}

/**
 * Share (0–100) of non-idle sampled time with a frame matching `inside` on the stack above the
 * first `boundary` frame: the inclusive cost of some code, callees (Buffer copies, regexps, …)
 * included, but not of the work it merely wraps (a patched `res.write` calling the real one).
 */
export function inclusiveShare(
  profile: CpuProfile,
  inside: (url: string) => boolean,
  boundary: (frame: CallFrame) => boolean = () => false,
): number {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const memo = new Map<number, boolean>();
  const within = (id: number): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const frame = byId.get(id);
    const up = parent.get(id);
    const hit =
      frame !== undefined &&
      (inside(frame.url) || (!boundary(frame) && up !== undefined && within(up)));
    memo.set(id, hit);
    return hit;
  };
  let all = 0;
  let matched = 0;
  forEachBusySample(profile, (_frame, dt, id) => {
    all += dt;
    if (within(id)) matched += dt;
  });
  return all === 0 ? 0 : (100 * matched) / all;
}

/** One report line: `top 5 self time in <what>: a 12.3%, b 8.0%, …`. */
export function formatSelfTime(what: string, rows: readonly SelfTime[]): string {
  const list = rows.map((r) => `\`${r.where}\` ${r.percent.toFixed(1)}%`).join('; ');
  return `CPU profile, top 5 self-time functions in ${what} (share of non-idle samples): ${list}.`;
}

/**
 * Profiles the process `pid` (started with CPU_PROFILE_ARGS and CPU_PROFILE_ENV = `out`) while
 * `load` runs: SIGUSR2 before and after, then reads the profile the hook wrote.
 */
export async function profileWhile(
  pid: number,
  out: string,
  load: () => Promise<void>,
): Promise<SelfTime[]> {
  return topSelfTime(await recordProfile(pid, out, load));
}

/** profileWhile's profile itself, for summaries other than the top self times. */
export async function recordProfile(
  pid: number,
  out: string,
  load: () => Promise<void>,
): Promise<CpuProfile> {
  rmSync(out, { force: true });
  process.kill(pid, 'SIGUSR2');
  await sleep(200); // the hook starts the profiler asynchronously
  await load();
  process.kill(pid, 'SIGUSR2');
  const deadline = performance.now() + WRITE_TIMEOUT_MS;
  while (!existsSync(out)) {
    if (performance.now() > deadline) throw new Error(`no CPU profile at ${out}`);
    await sleep(50);
  }
  return JSON.parse(readFileSync(out, 'utf8')) as CpuProfile;
}
