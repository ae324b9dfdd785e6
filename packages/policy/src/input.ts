/**
 * What a policy is evaluated against. Every field a criterion reads is optional at run time:
 * a missing field makes that criterion false with its reason (fail closed), never an exception.
 */
export interface PolicyInput {
  readonly http?: HttpInput;
  /** Present when the caller has a session (signed in). */
  readonly session?: { readonly id: string };
  /** The signed-in user; meaningful only with a session. */
  readonly user?: UserInput;
  /** The JSON-RPC request in the body of an MCP route, when it parsed as one request. */
  readonly mcp?: McpInput;
  readonly ssh?: SshInput;
  /** The evaluation time: the only clock the engine reads (date, day_of_week, time_of_day). */
  readonly now: Date;
}

export interface HttpInput {
  readonly method: string;
  readonly host: string;
  /** URL path without the query. */
  readonly path: string;
  /** The client's IP address (IPv4 or IPv6). */
  readonly ip: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface UserInput {
  /** The identity provider's subject. */
  readonly id: string;
  readonly email?: string;
  readonly groups?: readonly string[];
  /** Identity-provider claims; values may be strings, lists or nested objects. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

export interface McpInput {
  /** JSON-RPC method, e.g. `tools/call`, `resources/read`. */
  readonly method: string;
  readonly id?: string | number | null;
  /** Set when `method` is `tools/call`. */
  readonly tool_call?: {
    readonly name: string;
    readonly arguments?: Readonly<Record<string, unknown>>;
  };
}

export interface SshInput {
  readonly username: string;
  /** The client's public key in authorized_keys form: `ssh-ed25519 AAAA…`. */
  readonly publickey: string;
}
