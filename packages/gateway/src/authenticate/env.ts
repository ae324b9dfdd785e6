import type { IncomingMessage, ServerResponse } from 'node:http';

/** What @hono/node-server hands every handler: the raw Node request and response. */
export type AuthEnv = { Bindings: { incoming: IncomingMessage; outgoing: ServerResponse } };
