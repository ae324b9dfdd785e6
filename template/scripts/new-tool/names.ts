/** The names one tool needs, all derived from its kebab-case id. */
export interface ToolNames {
  /** `weather-card`: tool name, widget id, file names, `ui://weather-card`. */
  readonly id: string;
  /** `weatherCard`: the TypeScript binding of the tool definition. */
  readonly camel: string;
  /** `WeatherCard`: the React component. */
  readonly pascal: string;
  /** `Weather card`: the human title. */
  readonly title: string;
}

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Checks the name given on the command line; returns the reason it is unusable, if any. */
export function checkToolId(id: string | undefined): string | undefined {
  if (id === undefined || id === '')
    return 'Give the tool a name: npm run new:tool -- <name>   (e.g. weather-card)';
  if (!ID.test(id)) {
    return `"${id}" is not a valid tool name: use lower-case letters, digits and single dashes, starting with a letter (e.g. weather-card).`;
  }
  if (id.length > 64) return `"${id}" is too long: keep tool names to 64 characters.`;
  return undefined;
}

export function toolNames(id: string): ToolNames {
  const words = id.split('-');
  const pascal = words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
  const first = words[0] ?? id;
  return {
    id,
    camel: pascal[0]?.toLowerCase() + pascal.slice(1),
    pascal,
    title: [first[0]?.toUpperCase() + first.slice(1), ...words.slice(1)].join(' '),
  };
}
