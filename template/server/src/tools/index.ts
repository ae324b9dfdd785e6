import type { AppToolDefinition } from '@gatehouse/app-kit';
import { echoTool } from './echo.ts';
// new:tool imports go above this line

/** Every tool this server offers. `npm run new:tool -- <name>` adds entries here. */
export const tools: readonly AppToolDefinition[] = [
  echoTool,
  // new:tool entries go above this line
];
