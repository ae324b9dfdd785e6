/**
 * Import this before `@modelcontextprotocol/ext-apps`. zod (bundled through the SDK) probes
 * `new Function` for its JIT parser; under a host's CSP without 'unsafe-eval' that probe is
 * reported as a `script-src` violation in strict sandboxes. ext-apps' `App` constructor sets the
 * same flag, but only once it runs; this module runs before any SDK code.
 */
import { config } from 'zod';

config({ jitless: true });
