import type { RecordRepository } from '@gatehouse/core';

/**
 * Remembered consent, one record per (user, client) listing the MCP servers (RFC 8707
 * resources) the user approved for that client. A client approved for one MCP server is asked
 * again for another (issue 13, defect 5: consent used to be per client only, so an approval for
 * one server silently covered every other). Records written before this change hold no
 * `resources`: they cover nothing, so those users are asked once more (fail closed). Revoking a
 * client on the account page deletes the record, and with it every server's approval.
 */
export const CONSENT_KIND = 'oauth-consent';
export const consentKey = (accountId: string, clientId: string): string =>
  `${accountId}\n${clientId}`;

interface Remembered {
  readonly at: number;
  readonly resources: readonly string[];
}

function approvedResources(value: unknown): readonly string[] {
  if (typeof value !== 'object' || value === null) return [];
  const resources = (value as { resources?: unknown }).resources;
  return Array.isArray(resources) ? resources.filter((r) => typeof r === 'string') : [];
}

/** True when the user approved this client for every one of `resources` (none: never). */
export async function consentCovers(
  records: RecordRepository,
  accountId: string,
  clientId: string,
  resources: readonly string[],
  now: number,
): Promise<boolean> {
  if (resources.length === 0) return false;
  const approved = approvedResources(
    await records.get(CONSENT_KIND, consentKey(accountId, clientId), now),
  );
  return resources.every((resource) => approved.includes(resource));
}

/** Adds `resources` to what the user approved for this client. */
export async function rememberConsent(
  records: RecordRepository,
  accountId: string,
  clientId: string,
  resources: readonly string[],
  now: number,
): Promise<void> {
  const key = consentKey(accountId, clientId);
  const approved = approvedResources(await records.get(CONSENT_KIND, key, now));
  const value: Remembered = { at: now, resources: [...new Set([...approved, ...resources])] };
  await records.put(CONSENT_KIND, key, value, null);
}
