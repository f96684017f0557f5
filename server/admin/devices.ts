/**
 * The district's board of enrolled devices: each laptop's office and name,
 * what it last said about itself on a sync request (app version, clock,
 * outbox: noteDeviceRequest), its last full sync, what of it waits in the
 * backlog or quarantine, and how it is being revoked. Numbers left in its
 * leases come from ingest/leases.ts (the route joins them). Revoking, and how
 * long an idle device's token lives, are credentials matters
 * (server/auth/deviceTokens.ts).
 */
import { APP_VERSION_HEADER, CLIENT_TIME_HEADER, OUTBOX_HEADER, type DeviceBoardRow } from '../../shared';
import type { Queryable } from '../db';

export type DeviceFacts = Omit<DeviceBoardRow, 'numbersLeft' | 'lowestJournal'>;

/** Every enrolled laptop (not the district pseudo-device), oldest enrolment first; the old DeviceInfo fields included. */
export async function listDevices(db: Queryable): Promise<DeviceFacts[]> {
  const { rows } = await db.query(
    `SELECT d.id, d.name, d.office_id, d.acked, d.enrolled_at, d.last_seen_at, d.revoked_at, d.revoke_mode,
            d.app_version, d.clock_error_seconds, d.last_full_sync_at,
            (SELECT count(*) FROM backlog b WHERE b.device_id = d.id) AS backlog,
            (SELECT count(*) FROM op_log o WHERE o.device_id = d.id AND o.status = 'quarantined')
              + (SELECT count(*) FROM refused_ops r WHERE r.device_id = d.id) AS quarantined
       FROM devices d WHERE d.kind = 'device' ORDER BY d.enrolled_at, d.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    officeId: r.office_id,
    acked: Number(r.acked),
    enrolledAt: r.enrolled_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
    revokeMode: r.revoke_mode ?? null,
    appVersion: r.app_version ?? null,
    clockErrorSeconds: r.clock_error_seconds ?? null,
    lastFullSyncAt: r.last_full_sync_at,
    backlog: Number(r.backlog),
    quarantined: Number(r.quarantined),
  }));
}

/** What a desk's sync request says about it (shared/sync/protocol.ts DESK_HEADERS), parsed; absent or malformed: undefined. */
export type DeskReport = {
  appVersion?: string;
  /** The laptop's clock when it sent the request (ms). */
  clientTimeMs?: number;
  /** Ops waiting in its outbox when it sent the request. */
  outbox?: number;
};

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim();

export function deskReport(headers: Record<string, string | string[] | undefined>): DeskReport {
  const version = header(headers[APP_VERSION_HEADER]);
  const time = header(headers[CLIENT_TIME_HEADER]);
  const outbox = header(headers[OUTBOX_HEADER]);
  const ms = time && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(time) ? Date.parse(time) : NaN;
  return {
    // A version string as electron-builder writes it (1.2.3, 1.2.3-beta.1); anything else is not recorded.
    ...(version && /^[0-9A-Za-z.+-]{1,40}$/.test(version) ? { appVersion: version } : {}),
    ...(Number.isFinite(ms) ? { clientTimeMs: ms } : {}),
    ...(outbox && /^\d{1,9}$/.test(outbox) ? { outbox: Number(outbox) } : {}),
  };
}

/**
 * Records a desk's version and clock error. The clock error is the laptop's
 * time minus the server's when the request arrived: measured only on requests
 * without a body (a pull), whose headers come in one packet, so the error is
 * at most the link's one-way latency (under a second or two even on EDGE),
 * far below what matters (minutes). Written only when something changed or
 * a minute has passed: this runs on every sync request.
 */
export async function noteDeskReport(
  db: Queryable,
  deviceId: string,
  report: DeskReport,
  receivedAtMs: number | null,
): Promise<void> {
  const clock =
    receivedAtMs !== null && report.clientTimeMs !== undefined
      ? Math.round((report.clientTimeMs - receivedAtMs) / 1000)
      : null;
  if (report.appVersion === undefined && clock === null) return;
  await db.query(
    `UPDATE devices SET app_version = COALESCE($2, app_version),
            clock_error_seconds = COALESCE($3, clock_error_seconds),
            clock_measured_at = CASE WHEN $3::int IS NULL THEN clock_measured_at ELSE now() END
      WHERE id = $1 AND (app_version IS DISTINCT FROM COALESCE($2, app_version)
             OR ($3::int IS NOT NULL AND (clock_error_seconds IS NULL OR abs(clock_error_seconds - $3::int) >= 5
                  OR clock_measured_at < now() - interval '1 minute')))`,
    [deviceId, report.appVersion ?? null, clock],
  );
}

/** A pull reached its end while the laptop had nothing left to send: a full sync. */
export async function noteFullSync(db: Queryable, deviceId: string): Promise<void> {
  await db.query(`UPDATE devices SET last_full_sync_at = now() WHERE id = $1`, [deviceId]);
}
