import { result, type Criterion } from './criterion.ts';

const REJECT = result(false, 'reject');

/** Always false. Any data is ignored. */
export const reject: Criterion = { name: 'reject', compile: () => () => REJECT };
