/**
 * Change notification between the processes and nodes that share one store (ARCHITECTURE.md
 * "Scale-out"): per-process caches (the token revocation cache, the session cache, live SSH
 * connections) learn within about a second that a durable fact they copied changed on another
 * node, instead of waiting for their next periodic refresh. The periodic refresh stays as the
 * backstop: a change notification is a hint to drop or re-read a cache entry, never the only
 * way a fact arrives (a node that was down when it was published never sees it).
 *
 * The store itself publishes the topics in `CHANGE_TOPICS` whenever the matching repository
 * write succeeds, on whichever node or CLI process made it.
 */
export interface ChangeFeed {
  /**
   * Records a change and wakes every subscriber of `topic` on every node of the store, this
   * process included. `payload` is an id (grant id, account id, key fingerprint), never a token
   * or secret: it is stored in the database for a while. At most 1000 characters.
   */
  publish(topic: string, payload: string): Promise<void>;
  /**
   * Calls `listener` for each change of `topic` published after this call, by any node. A
   * listener that throws does not stop the others. Returns the unsubscribe function.
   */
  subscribe(topic: string, listener: (payload: string) => void): () => void;
}

/** Topics the store publishes by itself (payload in brackets). */
export const CHANGE_TOPICS = {
  /** `oauth.revokeByGrantId` [grant id]: refuse the grant's JWT access tokens now. */
  grantRevoked: 'grant-revoked',
  /** `accounts.update` [account id]: disabled, groups or password may have changed. */
  accountChanged: 'account-changed',
  /** `sessions.delete` [session id (the cookie token's hash)]: sign-out, idle end, revoke. */
  sessionEnded: 'session-ended',
  /** `sessions.deleteByUser` [user id]: every session of the user ended. */
  userSessionsEnded: 'user-sessions-ended',
  /** `tunnels.putBinding` [fingerprint]: an SSH key was bound to an account. */
  keyBindingAdded: 'key-binding-added',
  /**
   * `tunnels.deleteBinding` [fingerprint]: the key was revoked, close its SSH connections on every
   * node. Not published by `deleteSessionBinding` (one SSH session of the key ended; others of the
   * same key, on other nodes, stay).
   */
  keyBindingRemoved: 'key-binding-removed',
} as const;

export type ChangeTopic = (typeof CHANGE_TOPICS)[keyof typeof CHANGE_TOPICS];
