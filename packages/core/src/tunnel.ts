/**
 * Ports between the SSH tunnel (`packages/tunnel`) and the gateway (`packages/gateway`), which
 * never import each other; `packages/cli` wires them.
 *
 * Names: every account owns one namespace (`<adjective>-<animal>-<NNN>`); a tunnel route is
 * `<route>.<namespace>.<base_domain>`, so no other account can ever serve it.
 */

import type { Identity } from './identity.ts';

/** Who is behind an SSH key, once the key is bound to an account (see `Identity`). */
export interface SshIdentity extends Pick<Identity, 'userId' | 'email'> {
  readonly namespace: string;
}

export interface SshKeyInfo {
  /** `SHA256:<base64>` as OpenSSH prints it. */
  readonly fingerprint: string;
  /** authorized_keys form: `ssh-ed25519 AAAA…`. */
  readonly publicKey: string;
  readonly clientIp: string;
}

export type SshSignInOutcome =
  | { readonly approved: true; readonly identity: SshIdentity }
  | { readonly approved: false; readonly reason: 'denied' | 'expired' | 'cancelled' };

/** A sign-in waiting for the browser (device-code style, RFC 8628-like). */
export interface PendingSshSignIn {
  /** `<auth>/ssh/verify?user_code=<code>`: shown to the SSH user. */
  readonly verifyUrl: string;
  readonly userCode: string;
  /** Epoch ms; 15 minutes after it began. */
  readonly expiresAt: number;
  /** Settles once: approved, denied, expired or cancelled. Never rejects. */
  readonly outcome: Promise<SshSignInOutcome>;
  /** The SSH client went away: settle as cancelled and invalidate the code. */
  cancel(): void;
}

export interface TunnelShare {
  readonly route: string;
  readonly email: string;
}

/** What the tunnel asks of the gateway: identities, sign-in, sharing. */
export interface TunnelAccounts {
  /** The account bound to this key (remembered, or bound for a still-live SSH session). */
  lookup(key: SshKeyInfo): Promise<SshIdentity | undefined>;
  /** Starts a browser sign-in for an unbound key. Rate-limited per IP (ERR_TUNNEL_RATE_LIMITED). */
  begin(key: SshKeyInfo): Promise<PendingSshSignIn>;
  /** The SSH connection that used a session-only binding ended: forget that binding. */
  sessionEnded(key: SshKeyInfo): Promise<void>;
  /** `logout`: forget this key's binding (remembered or not). */
  forget(key: SshKeyInfo): Promise<void>;
  share(identity: SshIdentity, route: string, email: string): Promise<void>;
  unshare(identity: SshIdentity, route: string, email: string): Promise<boolean>;
  shares(identity: SshIdentity): Promise<readonly TunnelShare[]>;
  /** The public origin of a route, e.g. `https://mcp.brave-otter-123.example.com`. */
  publicUrl(identity: SshIdentity, route: string): string;
}

/** A live tunnel, as the gateway's account page and routing see it. */
export interface LiveTunnel {
  readonly userId: string;
  readonly namespace: string;
  readonly route: string;
  /** SSH connection id (short, for display and revocation). */
  readonly connectionId: string;
  readonly fingerprint: string;
  readonly clientIp: string;
  readonly since: number;
  /** Where the SSH client forwards to (dynamic mode), e.g. `localhost:8080`. */
  readonly localAddress: string;
}

/** What the gateway asks of the tunnel. */
/** Why an account's SSH connections are closed (default `signed-out`); the client is told. */
export type AccountDisconnectReason = 'signed-out' | 'disabled';

export interface TunnelStatus {
  list(userId?: string): readonly LiveTunnel[];
  /** Is anybody serving `<route>.<namespace>` right now? */
  isLive(namespace: string, route: string): boolean;
  /**
   * The local address of a route served on another node of a cluster (its Host header), when
   * this process does not serve it itself.
   */
  localAddressOf?(namespace: string, route: string): string | undefined;
  /** Closes every SSH connection authenticated with this key (binding revoked). */
  disconnectKey(fingerprint: string): void;
  /**
   * The same on this node only, without telling other nodes: for a revocation every node learns
   * by itself (the store's change feed), so late copies of it do not reach a key bound again.
   */
  disconnectKeyHere?(fingerprint: string): void;
  /** Closes every SSH connection of this account, on every node; the client is told `why`. */
  disconnectAccount(userId: string, why?: AccountDisconnectReason): void;
  /** The same on this node only (a disabled account every node learns of from the change feed). */
  disconnectAccountHere?(userId: string, why?: AccountDisconnectReason): void;
  /** The port the SSH endpoint listens on, once it does (for the `ssh -R` command in messages). */
  sshPort?(): number | undefined;
}

/** The Upstream URL scheme for tunnel routes: `tunnel://<route>.<namespace>`. */
export const TUNNEL_URL_SCHEME = 'tunnel:';
