import { CHANGE_TOPICS, type ChangeFeed, type Store } from '@gatehouse/core';

/**
 * The store with `changes`, whose repositories publish CHANGE_TOPICS after each successful write
 * that per-process caches copy. Publishing happens after the write, not in its transaction: a
 * crash in between loses only the hint, and the caches' periodic refresh still catches up. A
 * failed publish does not fail the write that already happened.
 */
export function withChangePublishing(store: Omit<Store, 'changes'>, changes: ChangeFeed): Store {
  const pending = new Set<Promise<void>>();
  const publish = (topic: string, payload: string) => {
    const done = changes.publish(topic, payload).catch(() => undefined);
    pending.add(done);
    void done.finally(() => pending.delete(done));
  };
  const { accounts, oauth, sessions, tunnels } = store;
  return Object.freeze({
    ...store,
    changes,
    // A short-lived process (`gatehouse users disable`) closes right after its write: the notice
    // must still go out, or the serving nodes learn of it only at their next periodic refresh.
    close: async () => {
      await Promise.all(pending);
      await store.close();
    },
    accounts: Object.freeze({
      ...accounts,
      update: async (id: string, patch: Parameters<Store['accounts']['update']>[1]) => {
        const account = await accounts.update(id, patch);
        publish(CHANGE_TOPICS.accountChanged, id);
        return account;
      },
    }),
    oauth: Object.freeze({
      ...oauth,
      revokeByGrantId: async (grantId: string) => {
        await oauth.revokeByGrantId(grantId);
        publish(CHANGE_TOPICS.grantRevoked, grantId);
      },
    }),
    sessions: Object.freeze({
      ...sessions,
      delete: async (id: string) => {
        const deleted = await sessions.delete(id);
        if (deleted) publish(CHANGE_TOPICS.sessionEnded, id);
        return deleted;
      },
      deleteByUser: async (userId: string) => {
        const count = await sessions.deleteByUser(userId);
        if (count > 0) publish(CHANGE_TOPICS.userSessionsEnded, userId);
        return count;
      },
    }),
    tunnels: Object.freeze({
      ...tunnels,
      putBinding: async (binding: Parameters<Store['tunnels']['putBinding']>[0]) => {
        await tunnels.putBinding(binding);
        publish(CHANGE_TOPICS.keyBindingAdded, binding.fingerprint);
      },
      deleteBinding: async (fingerprint: string) => {
        const deleted = await tunnels.deleteBinding(fingerprint);
        if (deleted) publish(CHANGE_TOPICS.keyBindingRemoved, fingerprint);
        return deleted;
      },
    }),
  });
}
