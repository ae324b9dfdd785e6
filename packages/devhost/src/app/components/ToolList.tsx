import { getDisplayName, type Tool } from '@modelcontextprotocol/client';

interface ToolListProps {
  /** Only tools visible to the model (SEP-1865 visibility). */
  readonly tools: readonly Tool[];
  readonly selected: string | undefined;
  readonly onSelect: (name: string) => void;
}

export function ToolList({ tools, selected, onSelect }: ToolListProps) {
  return (
    <nav className="panel tools" aria-label="Tools">
      <h2>Tools</h2>
      {tools.length === 0 ? (
        <p className="muted">This server lists no tools for the model.</p>
      ) : (
        <ul>
          {tools.map((tool) => (
            <li key={tool.name} className={tool.name === selected ? 'selected' : undefined}>
              <button
                type="button"
                aria-pressed={tool.name === selected}
                onClick={() => onSelect(tool.name)}
              >
                {getDisplayName(tool)}
              </button>
              <code>{tool.name}</code>
              {tool.description !== undefined && <p>{tool.description}</p>}
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
