/**
 * The district's list of enrolled devices. Revoking one, and how long an idle
 * device's token lives, are credentials matters (server/auth/deviceTokens.ts).
 */
import type { DeviceInfo } from '../../shared';
import type { Queryable } from '../db';

/** Every enrolled laptop (not the district pseudo-device), oldest enrolment first. */
export async function listDevices(db: Queryable): Promise<DeviceInfo[]> {
  const { rows } = await db.query(
    `SELECT id, name, office_id, acked, enrolled_at, last_seen_at, revoked_at FROM devices WHERE kind = 'device' ORDER BY enrolled_at`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    officeId: r.office_id,
    acked: r.acked,
    enrolledAt: r.enrolled_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
  }));
}
