import type { FormEvent } from 'react';

interface ConnectFormProps {
  readonly serverUrl: string;
  readonly busy: boolean;
  readonly status: string | undefined;
  readonly error: string | undefined;
  readonly onServerUrlChange: (value: string) => void;
  readonly onConnect: () => void;
}

export function ConnectForm(props: ConnectFormProps) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    props.onConnect();
  };
  return (
    <section className="panel connect" aria-label="Connection">
      <form onSubmit={submit}>
        <input
          type="url"
          aria-label="MCP server URL"
          placeholder="http://localhost:8080/mcp"
          value={props.serverUrl}
          onChange={(event) => props.onServerUrlChange(event.target.value)}
          spellCheck={false}
          required
        />
        <button type="submit" disabled={props.busy}>
          Connect
        </button>
      </form>
      {props.status !== undefined && <p className="status">{props.status}</p>}
      {props.error !== undefined && (
        <p role="alert" className="error">
          {props.error}
        </p>
      )}
    </section>
  );
}
