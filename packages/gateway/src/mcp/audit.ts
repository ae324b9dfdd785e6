import type { Clock, Logger, RecordRepository } from '@gatehouse/core';
import { createAuditBatcher } from './audit-batch.ts';

/** One audited MCP call (gateways.md M1): who, which client, where, what, the decision and why. */
export interface AuditRecord {
  readonly requestId: string;
  readonly user: string;
  readonly client: string | null;
  readonly route: string;
  readonly method: string;
  readonly tool: string | null;
  readonly outcome: 'allow' | 'deny';
  readonly reasons: readonly string[];
  /** Present only when the route sets `mcp.server.audit_arguments: true`. */
  readonly arguments?: unknown;
  /** A replay from the traffic inspector: the id of the recorded exchange it re-sent. */
  readonly replayOf?: string;
}

export const AUDIT_KIND = 'mcp-audit';
const KEEP_MS = 90 * 86_400_000;

export interface AuditLog {
  /**
   * Awaited on the request path: a slow or failing sink slows calls down rather than dropping
   * records (M3). Resolves once the record is committed, with the calls of the same moment in
   * one transaction (audit-batch.ts).
   */
  write(record: AuditRecord): Promise<void>;
  /** Commits every record written so far; call before the store closes (no loss at shutdown). */
  close(): Promise<void>;
}

export function createAuditLog(options: {
  records: RecordRepository;
  logger: Logger;
  clock: Clock;
}): AuditLog {
  const { logger, clock } = options;
  const batch = createAuditBatcher(options.records);
  return {
    write(record) {
      const at = clock.now();
      logger.info({ event: 'mcp-audit', ...record }, 'mcp call');
      return batch.put({
        kind: AUDIT_KIND,
        key: `${String(at).padStart(15, '0')}:${record.requestId}`,
        value: { at, ...record },
        expiresAt: at + KEEP_MS,
      });
    },
    close: () => batch.close(),
  };
}
