import { result, type Criterion } from './criterion.ts';

const ACCEPT = result(true, 'accept');

/** Always true (`allow_public_unauthenticated_access`). Any data is ignored. */
export const accept: Criterion = { name: 'accept', compile: () => () => ACCEPT };
