import { readFileSync } from 'node:fs';

/** app.js, read once: a constant file shipped with the package, never built from request data. */
export const INSPECT_SCRIPT = readFileSync(new URL('./app.js', import.meta.url), 'utf8');
