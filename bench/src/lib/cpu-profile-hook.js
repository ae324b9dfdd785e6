import { writeFileSync, renameSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

// Preloaded into a server under test with `node --import <this file>` (see cpu-profile.ts).
// SIGUSR2 toggles the V8 CPU profiler: the first signal starts it, the second stops it and
// writes the profile (`.cpuprofile` JSON) atomically to BENCH_CPU_PROFILE_OUT. Profiling only
// between the two signals keeps the measured rounds free of the profiler's own cost; the bench
// profiles a separate, short load after measuring. SIGUSR1 is Node's inspector signal, hence
// SIGUSR2. Idle, this costs one signal listener. Plain JavaScript: a `.ts` preload would load
// Node's type stripper (~20 MB resident) into every gateway the benches start, before
// packages/cli/bin/gatehouse.js can serve the sources from the compile cache (ADR 0019).

const out = process.env['BENCH_CPU_PROFILE_OUT'];
if (out !== undefined && out !== '') {
  /** @type {Session | undefined} */
  let session;
  let busy = false;
  process.on('SIGUSR2', () => {
    if (busy) return;
    busy = true;
    void toggle().finally(() => (busy = false));
  });
  const toggle = async () => {
    if (session === undefined) {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      // 250 µs: enough samples in a few seconds without the default 1 ms's coarse view.
      await session.post('Profiler.setSamplingInterval', { interval: 250 });
      await session.post('Profiler.start');
      return;
    }
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    session = undefined;
    writeFileSync(`${out}.tmp`, JSON.stringify(profile));
    renameSync(`${out}.tmp`, out);
  };
}
