import type { Logger } from '@gatehouse/core';
import type { Decision } from '@gatehouse/policy';
import type { ResolvedRoute } from '../config/index.ts';

/** Whom a decision log line is about. */
export interface LogSubject {
  readonly requestId: string;
  readonly route: ResolvedRoute;
  readonly user: string | null;
  readonly decision?: Pick<Decision, 'outcome' | 'reasons'>;
}

/** Writes the one `decision` log line every request on a route gets (ARCHITECTURE.md). */
export type DecisionLog = (
  subject: LogSubject,
  status: number,
  extra?: Record<string, unknown>,
) => void;

export function createDecisionLog(logger: Logger): DecisionLog {
  return (p, status, extra) => {
    const line = {
      requestId: p.requestId,
      route: p.route.id,
      user: p.user,
      outcome: p.decision?.outcome ?? 'allow',
      reasons: p.decision?.reasons ?? NO_REASONS,
      status,
    };
    // Every request writes this line: no spread of an empty `extra` on the common path, and
    // where the logger can take it, one JSON.stringify of these plain fields instead of the
    // logger's generic serializer per field (ADR 0020). Nothing here needs redaction.
    if (extra !== undefined) logger.info({ ...line, ...extra }, 'decision');
    else if (logger.infoFields !== undefined)
      logger.infoFields(JSON.stringify(line).slice(1, -1), 'decision');
    else logger.info(line, 'decision');
  };
}

const NO_REASONS: readonly string[] = [];

/** The decision line of a request for a host no route claims. */
export function logNoRoute(logger: Logger, requestId: string): void {
  logger.info(
    { requestId, route: null, user: null, outcome: 'no-route', reasons: [], status: 404 },
    'decision',
  );
}
