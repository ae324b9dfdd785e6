// Worker for test/store/oauth.test.ts: opens its own connection, waits at a shared barrier so all
// workers start together, then tries to consume every code and reports the ones it won.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../../../src/store/index.ts';

interface ConsumeWorkerData {
  readonly file: string;
  readonly ids: readonly string[];
  /** Int32Array slots: [0] workers ready, [1] go flag. */
  readonly barrier: SharedArrayBuffer;
}

const { file, ids, barrier } = workerData as ConsumeWorkerData;
const flags = new Int32Array(barrier);
const store = await openSqliteStore(file);
Atomics.add(flags, 0, 1);
Atomics.wait(flags, 1, 0);
const won: string[] = [];
for (const id of ids) {
  if (await store.oauth.consume('AuthorizationCode', id)) won.push(id);
}
await store.close();
parentPort?.postMessage(won);
