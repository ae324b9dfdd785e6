import type { SessionRecord, TrafficViewer } from '@gatehouse/core';

/** Members of this group are admins (the first account gets it); the inspector decides what they see. */
const ADMIN_GROUP = 'admin';

export function viewerOf(session: SessionRecord): TrafficViewer {
  return { userId: session.userId, admin: session.groups.includes(ADMIN_GROUP) };
}
