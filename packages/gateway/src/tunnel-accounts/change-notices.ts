import {
  CHANGE_TOPICS,
  type Clock,
  type Logger,
  type Store,
  type TunnelStatus,
} from '@gatehouse/core';

export interface ChangeNoticeOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly status?: TunnelStatus | undefined;
}

/**
 * Closes SSH connections on this node when the store's change feed says their sign-in ended on
 * any node or in another process (the account page, `gatehouse users disable`): within about a
 * second instead of at the next 60 s re-authorization (issue 17). Every node gets each notice
 * itself, so each acts on its own connections only. A notice is a hint, read after the fact: the
 * store is asked again, and a notice that arrives once the fact was undone (the key bound again,
 * the account enabled again) closes nothing. Returns the unsubscribe function.
 */
export function followChangeNotices(options: ChangeNoticeOptions): () => void {
  const { store, clock, logger, status } = options;
  const act = (what: string, check: () => Promise<void>) => {
    check().catch((error: unknown) => logger.warn({ err: error }, `${what} notice failed`));
  };
  const stops = [
    store.changes.subscribe(CHANGE_TOPICS.keyBindingRemoved, (fingerprint) =>
      act('key revocation', async () => {
        if ((await store.tunnels.getBinding(fingerprint, clock.now())) !== undefined) return;
        if (status?.disconnectKeyHere !== undefined) status.disconnectKeyHere(fingerprint);
        else status?.disconnectKey(fingerprint);
      }),
    ),
    // Published by every `accounts.update` (disable, enable, groups, password): only an account
    // that is disabled now loses its tunnels.
    store.changes.subscribe(CHANGE_TOPICS.accountChanged, (accountId) =>
      act('account change', async () => {
        if ((await store.accounts.findById(accountId))?.disabled !== true) return;
        logger.info({ event: 'ssh-account-disabled', accountId }, "closing the account's tunnels");
        if (status?.disconnectAccountHere !== undefined)
          status.disconnectAccountHere(accountId, 'disabled');
        else status?.disconnectAccount(accountId, 'disabled');
      }),
    ),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
