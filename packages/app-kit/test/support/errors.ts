import { GatehouseError } from '@gatehouse/core';
import { expect } from 'vitest';

/** Runs `action`, expects it to throw (or reject) a GatehouseError, and returns that error. */
export async function caught(action: () => unknown): Promise<GatehouseError> {
  let error: unknown;
  try {
    await action();
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(GatehouseError);
  return error as GatehouseError;
}

/** Same as {@link caught} for code that must throw synchronously (no promise involved). */
export function caughtSync(action: () => unknown): GatehouseError {
  let error: unknown;
  try {
    action();
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(GatehouseError);
  return error as GatehouseError;
}
