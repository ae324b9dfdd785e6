import { config } from 'zod';

// spikes §4: zod probes `new Function` on first use, which the host page CSP (script-src 'self')
// reports as a violation. jitless mode skips the probe. Imported first by main.tsx.
config({ jitless: true });
