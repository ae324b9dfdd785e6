import { GatehouseError } from '@gatehouse/core';
import { expect } from 'vitest';

/** Runs `action`, expects it to reject with a GatehouseError, and returns that error. */
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
