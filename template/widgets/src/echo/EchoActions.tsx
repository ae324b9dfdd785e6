import { describeError } from '../mcp/describe-error.ts';
import { useMcpApp } from '../mcp/use-mcp-app.ts';
import { Button } from './Button.tsx';
import type { EchoResult } from './echo-result.ts';

export const DOCS_URL = 'https://modelcontextprotocol.io/extensions/apps';

export interface EchoActionsProps {
  /** The message to act on; actions that need one are disabled without it. */
  readonly message: string | undefined;
  readonly result: EchoResult | undefined;
  readonly busy: boolean;
  readonly onEchoAgain: () => void;
  /** A short sentence for the status line (announced politely to screen readers). */
  readonly onStatus: (status: string) => void;
}

/** Buttons that talk to the host: each maps to one ext-apps `App` request. */
export function EchoActions({ message, result, busy, onEchoAgain, onStatus }: EchoActionsProps) {
  const { app } = useMcpApp();

  const run = (what: string, done: string, request: () => Promise<object>) => {
    request().then(
      // SDK 2.x hosts may answer `{isError: true}` instead of a JSON-RPC error.
      (answer) =>
        onStatus(
          'isError' in answer && answer.isError === true ? `The host declined to ${what}.` : done,
        ),
      (error: unknown) => onStatus(`Could not ${what}: ${describeError(error)}`),
    );
  };

  const openDocs = () =>
    run('open the link', 'Opened the MCP Apps docs.', () => app.openLink({ url: DOCS_URL }));
  const sendToChat = (text: string) =>
    run('send the message', 'Sent to the chat.', () =>
      app.sendMessage({ role: 'user', content: [{ type: 'text', text }] }),
    );
  const shareWithModel = (text: string) =>
    run('share with the model', 'Shared with the model.', () =>
      app.updateModelContext({ content: [{ type: 'text', text }] }),
    );

  const noMessage = message === undefined;
  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="primary" disabled={noMessage || busy} onClick={onEchoAgain}>
        {busy ? 'Echoing…' : 'Echo again'}
      </Button>
      <Button disabled={noMessage} onClick={() => message !== undefined && sendToChat(message)}>
        Send to chat
      </Button>
      <Button
        disabled={noMessage}
        onClick={() => message !== undefined && shareWithModel(modelContextText(message, result))}
      >
        Share with model
      </Button>
      <Button aria-label="Open docs: MCP Apps documentation" onClick={openDocs}>
        Open docs
      </Button>
    </div>
  );
}

function modelContextText(message: string, result: EchoResult | undefined): string {
  const when = result === undefined ? '' : ` (echoed at ${result.timestamp})`;
  return `The echo widget is showing the message "${message}"${when}.`;
}
