/** A one-line, user-facing description of a rejected request. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
