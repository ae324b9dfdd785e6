import { runBatch, verify } from './batch.ts';
import { engineById } from './engines.ts';
import { INPUTS } from './inputs.ts';
import type { BatchRequest, WorkerMessage } from './messages.ts';

// One engine in its own process, so the JIT sees only its code (no cross-talk between engines).
// Forked by benchmarks/policy-eval.ts: it answers `ready`, then one timed batch per request.
// Run by hand it measures on its own, e.g. for a profile:
//   node --cpu-prof bench/src/policy-eval/worker.ts gatehouse 5
//   (engines: gatehouse, cel-js, bufbuild-cel; 5 = batches of 1 s after a 1 s warm-up)

const [id = '', batchesArg = '5'] = process.argv.slice(2);
const engine = engineById(id);
const decide = engine.prepare(INPUTS);
verify(engine.label, decide, INPUTS);

const send = process.send?.bind(process);
if (send === undefined) {
  const batches = Number(batchesArg);
  if (!Number.isInteger(batches) || batches < 1) throw new Error('batches: a whole number ≥ 1');
  standalone(batches);
} else {
  const reply = (message: WorkerMessage) => send(message);
  process.on('message', (request: BatchRequest) => {
    try {
      reply({ type: 'batch', ...runBatch(decide, INPUTS, request.seconds) });
    } catch (error) {
      reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  });
  // The parent closes the channel when it is done; then there is nothing left to wait for.
  process.once('disconnect', () => process.exit(0));
  reply({ type: 'ready' });
}

function standalone(batches: number): void {
  runBatch(decide, INPUTS, 1);
  const ns: number[] = [];
  for (let b = 0; b < batches; b++) {
    const { evaluations, elapsedNs } = runBatch(decide, INPUTS, 1);
    ns.push(elapsedNs / evaluations);
    console.log(
      `${engine.label} batch ${b + 1}: ${(1e9 / (elapsedNs / evaluations)).toFixed(0)} evaluations/s`,
    );
  }
  ns.sort((a, b) => a - b);
  const median = ns[Math.floor(ns.length / 2)] ?? Number.NaN;
  console.log(
    `${engine.label}: median ${median.toFixed(0)} ns/evaluation, ${(1e9 / median).toFixed(0)} evaluations/s`,
  );
}
