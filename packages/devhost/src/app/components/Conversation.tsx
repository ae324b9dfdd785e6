/** `ui/message` from the view, appended in order (SEP-1865: append to the conversation). */
export function Conversation({ messages }: { readonly messages: readonly string[] }) {
  return (
    <section className="panel conversation" aria-label="Conversation">
      <h2>Conversation</h2>
      {messages.length === 0 ? (
        <p className="muted">Messages the widget sends with ui/message appear here.</p>
      ) : (
        <ul>
          {messages.map((text, index) => (
            <li key={index}>{text}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `ui/update-model-context`: each update replaces the previous one. */
export function ModelContext({ text }: { readonly text: string | undefined }) {
  return (
    <section className="panel model-context" aria-label="Model context">
      <h2>Model context</h2>
      {text === undefined ? (
        <p className="muted">Nothing yet (ui/update-model-context).</p>
      ) : (
        <pre>{text}</pre>
      )}
    </section>
  );
}
