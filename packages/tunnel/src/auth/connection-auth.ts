import type {
  AuthContext,
  AuthenticationType,
  KeyboardAuthContext,
  PublicKeyAuthContext,
} from 'ssh2';
import { isGatehouseError } from '@gatehouse/core';
import type {
  Clock,
  Logger,
  PendingSshSignIn,
  SshIdentity,
  SshSignInOutcome,
  TunnelAccounts,
} from '@gatehouse/core';
import type { TunnelConnection } from '../connection/tunnel-connection.ts';
import { clientKey } from './key-info.ts';
import type { ClientKey } from './key-info.ts';
import { DEFAULT_ROUTE } from '../forwards/route-name.ts';
import { sendAuthBanner } from '../connection/ssh-wire.ts';
import { SIGN_IN_TITLE, failureText, noKeyText, signedInText } from './sign-in-text.ts';
import { signatureIsValid } from './verify-signature.ts';

export interface AuthDeps {
  readonly accounts: TunnelAccounts;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** `none` and failed keys: keyboard-interactive is listed so a client without a key hears why. */
const NO_KEY_METHODS: AuthenticationType[] = ['publickey', 'keyboard-interactive'];

/** After a refusal the text is shown, then the connection ends even if the client is silent. */
const FAILURE_CLOSE_MS = 5000;

/**
 * Sign-in for one SSH connection (RFC 4252, RFC 4256): `publickey` first (password is never
 * offered); a bound key succeeds, an unbound one gets partial success and a browser sign-in
 * over `keyboard-interactive`, accepted only once the user approved it AND the client answered
 * the info request. A client with no usable key is offered `keyboard-interactive` too, only to
 * be told how to make a key (else OpenSSH just says "Permission denied (publickey).").
 */
export class ConnectionAuth {
  readonly #connection: TunnelConnection;
  readonly #deps: AuthDeps;
  /** A key whose signature checked out but which no account knows yet. */
  #unboundKey: ClientKey | undefined;
  #pending: PendingSshSignIn | undefined;
  /** The client offered a key that could not be used (unknown type, bad signature). */
  #keyRefused = false;

  constructor(connection: TunnelConnection, deps: AuthDeps) {
    this.#connection = connection;
    this.#deps = deps;
  }

  handle(ctx: AuthContext): void {
    if (ctx.method === 'publickey') void this.#publicKey(ctx);
    else if (ctx.method === 'keyboard-interactive') {
      if (this.#unboundKey !== undefined) void this.#signIn(ctx, this.#unboundKey);
      else this.#noKey(ctx);
    } else
      ctx.reject(this.#unboundKey === undefined ? NO_KEY_METHODS : ['keyboard-interactive'], false);
  }

  /** The client went away: a browser sign-in in progress is cancelled (its code dies). */
  abandon(): void {
    this.#pending?.cancel();
    this.#pending = undefined;
  }

  async #publicKey(ctx: PublicKeyAuthContext): Promise<void> {
    const key = clientKey(ctx.key.data, this.#connection.clientIp);
    if (key === undefined) {
      this.#keyRefused = true;
      ctx.reject(NO_KEY_METHODS, false);
      return;
    }
    // RFC 4252 §7: without a signature the client only asks whether the key is acceptable.
    if (ctx.signature === undefined) {
      ctx.accept();
      return;
    }
    if (!signatureIsValid(ctx, key)) {
      this.#deps.logger.info({ fingerprint: key.info.fingerprint }, 'ssh key signature invalid');
      this.#keyRefused = true;
      ctx.reject(NO_KEY_METHODS, false);
      return;
    }
    try {
      const identity = await this.#deps.accounts.lookup(key.info);
      if (identity !== undefined) {
        // A remembered key signs in without keyboard-interactive, so this banner is the only
        // place an `ssh -N` user sees their URL (there is no session channel to write to).
        sendAuthBanner(this.#connection.client, this.#signedInText(identity));
        this.#connection.signedIn(identity, key.info);
        ctx.accept();
        return;
      }
      this.#unboundKey = key;
      ctx.reject(['keyboard-interactive'], true);
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'ssh key lookup failed');
      ctx.reject(['publickey'], false);
    }
  }

  async #signIn(ctx: KeyboardAuthContext, key: ClientKey): Promise<void> {
    let pending: PendingSshSignIn;
    try {
      pending = await this.#deps.accounts.begin(key.info);
    } catch (error) {
      const limited = isGatehouseError(error, 'ERR_TUNNEL_RATE_LIMITED');
      if (!limited) this.#deps.logger.error({ err: error }, 'ssh sign-in could not start');
      this.#refuse(
        ctx,
        limited ? 'Too many sign-in attempts' : 'Sign-in unavailable',
        limited
          ? 'Too many sign-in attempts from your address. Wait a few minutes and try again.'
          : 'Sign-in is not available right now. Try again later.',
      );
      return;
    }
    const lifetime = this.#connection.lifetime;
    if (lifetime.aborted) {
      pending.cancel();
      return;
    }
    this.#pending = pending;
    const answered = this.#showSignIn(ctx, pending);
    const outcome = await this.#outcome(pending);
    this.#pending = undefined;
    if (lifetime.aborted) return;
    if (!(await answered)) {
      pending.cancel();
      return;
    }
    if (outcome.approved) {
      if (!(await this.#welcome(ctx, outcome.identity)) || lifetime.aborted) return;
      this.#connection.signedIn(outcome.identity, key.info);
      ctx.accept();
      return;
    }
    const text = failureText(outcome);
    this.#refuse(ctx, text.title, text.message);
  }

  /**
   * Shows the sign-in URL once, as a prompt-less info request: OpenSSH prints the title and URL
   * and answers at once, so the user only approves in the browser, however late, as on pom.run
   * (research tunnels.md §5.1). No prompt ever follows: on a terminal it would wait for Enter
   * even after the browser approved. Resolves true once the client answered.
   */
  #showSignIn(ctx: KeyboardAuthContext, pending: PendingSshSignIn): Promise<boolean> {
    const lifetime = this.#connection.lifetime;
    return new Promise<boolean>((resolve) => {
      ctx.once('abort', () => resolve(false));
      lifetime.addEventListener('abort', () => resolve(false), { once: true });
      ctx.prompt([], SIGN_IN_TITLE, pending.verifyUrl, (answers: unknown) =>
        resolve(Array.isArray(answers)),
      );
    });
  }

  /**
   * keyboard-interactive without a key to sign in with: say how to make one (as an info
   * request, which OpenSSH prints without waiting), then fail; publickey stays the only method.
   */
  #noKey(ctx: KeyboardAuthContext): void {
    const text = noKeyText(this.#keyRefused);
    ctx.prompt([], text.title, text.message, () => ctx.reject(['publickey'], false));
  }

  #signedInText(identity: SshIdentity): string {
    const who = identity.email ?? identity.userId;
    return signedInText(who, this.#deps.accounts.publicUrl(identity, DEFAULT_ROUTE));
  }

  /** One prompt-less info request with who signed in and their URL; true once the client answered. */
  #welcome(ctx: KeyboardAuthContext, identity: SshIdentity): Promise<boolean> {
    return new Promise((resolve) => {
      this.#connection.lifetime.addEventListener('abort', () => resolve(false), { once: true });
      // ssh2 calls back with an Error when the request is aborted.
      ctx.prompt([], '', this.#signedInText(identity), (answers: unknown) =>
        resolve(Array.isArray(answers)),
      );
    });
  }

  /** The outcome, or `expired` once the code's lifetime is over even if nobody settled it. */
  async #outcome(pending: PendingSshSignIn): Promise<SshSignInOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<SshSignInOutcome>((resolve) => {
      const ms = Math.max(0, pending.expiresAt - this.#deps.clock.now()) + 1000;
      timer = setTimeout(() => {
        // Settle first: cancel() settles pending.outcome, which would win the race.
        resolve({ approved: false, reason: 'expired' });
        pending.cancel();
      }, ms);
    });
    try {
      return await Promise.race([pending.outcome, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * SSH_MSG_DISCONNECT's text is not shown by OpenSSH as reliably as an info request, so the
   * reason goes out as one more (prompt-less) info request, then the connection ends.
   */
  #refuse(ctx: KeyboardAuthContext, title: string, message: string): void {
    const close = (): void => this.#connection.close();
    setTimeout(close, FAILURE_CLOSE_MS).unref();
    ctx.prompt([], title, message, close);
  }
}
