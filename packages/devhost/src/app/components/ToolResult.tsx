import type { CallToolResult } from '@modelcontextprotocol/client';
import { contentText } from '../lib/content.ts';

export type CallState =
  | { readonly status: 'calling'; readonly toolName: string }
  | {
      readonly status: 'done';
      readonly toolName: string;
      readonly result: CallToolResult;
      /** Why no widget shows this result, when it has structuredContent but no UI resource. */
      readonly note?: string;
    }
  | { readonly status: 'failed'; readonly toolName: string; readonly error: string };

/** The tools/call result: text content, structuredContent as JSON, isError as an error. */
export function ToolResult({ call }: { readonly call: CallState }) {
  return (
    <section
      className="panel result"
      aria-label="Tool result"
      aria-busy={call.status === 'calling'}
    >
      <h2>Result of {call.toolName}</h2>
      {call.status === 'calling' && <p className="muted">Calling…</p>}
      {call.status === 'failed' && (
        <p role="alert" className="error">
          {call.error}
        </p>
      )}
      {call.status === 'done' && <ResultBody result={call.result} />}
      {call.status === 'done' && call.note !== undefined && (
        <p role="note" className="note">
          {call.note}
        </p>
      )}
    </section>
  );
}

function ResultBody({ result }: { readonly result: CallToolResult }) {
  const text = contentText(result.content);
  return (
    <>
      {result.isError === true && (
        <p role="alert" className="error">
          The tool reported an error (isError).
        </p>
      )}
      {text !== '' && (
        <>
          <h3>Content</h3>
          <pre className={result.isError === true ? 'content error' : 'content'}>{text}</pre>
        </>
      )}
      {result.structuredContent !== undefined && (
        <>
          <h3>structuredContent</h3>
          <pre className="structured">{JSON.stringify(result.structuredContent, null, 2)}</pre>
        </>
      )}
    </>
  );
}
