import { useEffect, useMemo, useRef, useState } from 'react';
import { filterEntries, formatEntry, type LogEntry } from '../lib/message-log.ts';

/** Every message both ways as JSON, newest last, filtered by substring. */
export function MessageLog({ entries }: { readonly entries: readonly LogEntry[] }) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => filterEntries(entries, filter), [entries, filter]);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const list = listRef.current;
    if (list !== null) list.scrollTop = list.scrollHeight;
  }, [shown]);

  return (
    <section className="panel log" aria-label="Message log">
      <h2>
        Message log <span className="muted">({shown.length})</span>
      </h2>
      <input
        type="search"
        aria-label="Filter messages"
        placeholder="Filter messages"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
      />
      <ol ref={listRef}>
        {shown.map((entry) => (
          <li key={entry.id} data-direction={entry.direction}>
            <pre>{formatEntry(entry)}</pre>
          </li>
        ))}
      </ol>
    </section>
  );
}
