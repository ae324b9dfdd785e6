/**
 * Wakes a waiting SSH sign-in in this process as soon as its answer is in the store, so the SSH
 * client continues at once; waiters on other nodes find it by polling.
 */
export interface SignInNotifier {
  /** Calls `wake` whenever `id` may have been answered; returns the unsubscribe function. */
  subscribe(id: string, wake: () => void): () => void;
  notify(id: string): void;
}

export function createSignInNotifier(): SignInNotifier {
  const waiters = new Map<string, () => void>();
  return {
    subscribe(id, wake) {
      waiters.set(id, wake);
      return () => {
        if (waiters.get(id) === wake) waiters.delete(id);
      };
    },
    notify(id) {
      waiters.get(id)?.();
    },
  };
}
