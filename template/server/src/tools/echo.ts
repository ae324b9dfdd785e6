import { defineAppTool } from '@gatehouse/app-kit';
import { z } from 'zod';

export const ECHO_MAX_LENGTH = 2000;

/** What the echo widget receives in `structuredContent`. */
export interface EchoOutput {
  readonly echoedMessage: string;
  readonly timestamp: string;
}

export const echoTool = defineAppTool({
  name: 'echo',
  title: 'Echo',
  description: "Echoes back the user's message and shows it in an interactive widget.",
  widget: 'echo',
  annotations: { readOnlyHint: true, openWorldHint: false },
  inputSchema: z.object({
    message: z
      .string()
      .trim()
      .min(1, 'message must not be empty')
      .max(ECHO_MAX_LENGTH, `message must be at most ${ECHO_MAX_LENGTH} characters`)
      .describe('The text to echo back'),
  }),
  handler: ({ message }) => {
    const output: EchoOutput = { echoedMessage: message, timestamp: new Date().toISOString() };
    return {
      content: [{ type: 'text', text: `Echo: ${message}` }],
      structuredContent: { ...output },
    };
  },
});
