/**
 * Enrolment codes and enrolling a device with one. District staff issue a code
 * for an office (or for one device of it: the way back for a revoked laptop);
 * the database keeps only the code's hash (server/auth/tokens.ts). A desk
 * redeems the code once and gets a device token and its batch-file key.
 */
import { type EnrolmentCodeInfo, type JoinResult } from '../../shared';
import type { Db, Queryable } from '../db';
import { SyncError } from '../store/errors';
import { codeHash, newEnrolmentCode, sha256 } from '../auth/tokens';
import type { ServerKey } from '../auth/serverKey';

export type IssuedCode = { code: string; id: number; expiresAt: string };

/**
 * A new code for an office, valid for `validHours`. Refused (nothing written)
 * when the office is unknown or closed (it takes no new laptops), or the device
 * named is unknown or another office's.
 */
export async function issueEnrolmentCode(
  db: Queryable,
  o: { officeId: string; deviceId?: string; note?: string; validHours: number; createdBy: string },
): Promise<IssuedCode | { refused: 'officeUnknown' | 'officeClosed' | 'deviceUnknown' | 'deviceOtherOffice' }> {
  const { rows } = await db.query<{ closed_at: string | null }>(
    `SELECT data->>'closedAt' AS closed_at FROM offices WHERE id = $1`,
    [o.officeId],
  );
  if (!rows.length) return { refused: 'officeUnknown' };
  if (rows[0].closed_at) return { refused: 'officeClosed' };
  if (o.deviceId) {
    // A code for one device (the way back for a revoked one): it must be that office's device.
    const dev = await db.query(`SELECT office_id FROM devices WHERE id = $1 AND kind = 'device'`, [o.deviceId]);
    if (!dev.rows.length) return { refused: 'deviceUnknown' };
    if (dev.rows[0].office_id !== o.officeId) return { refused: 'deviceOtherOffice' };
  }
  const code = newEnrolmentCode();
  const ins = await db.query<{ id: number; expires_at: string }>(
    `INSERT INTO enrolment_codes (code_hash, office_id, created_by, note, for_device_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6)) RETURNING id, expires_at`,
    [codeHash(code), o.officeId, o.createdBy, o.note ?? null, o.deviceId ?? null, o.validHours],
  );
  return { code, id: Number(ins.rows[0].id), expiresAt: ins.rows[0].expires_at };
}

export type CodeStatus = EnrolmentCodeInfo['status'];

/** Issued codes without the codes themselves (only their hashes are kept), newest first. */
export async function listEnrolmentCodes(
  db: Db,
  q: { officeId?: string; before?: number; status: CodeStatus | 'all'; limit: number },
): Promise<EnrolmentCodeInfo[]> {
  const { rows } = await db.query(
    `SELECT * FROM (
       SELECT id, office_id, note, created_by, created_at, expires_at, used_at, device_id, revoked_at, for_device_id,
              CASE WHEN used_at IS NOT NULL THEN 'used' WHEN revoked_at IS NOT NULL THEN 'withdrawn' WHEN expires_at <= now() THEN 'expired' ELSE 'active' END AS status
         FROM enrolment_codes
        WHERE ($1::text IS NULL OR office_id = $1) AND ($2::bigint IS NULL OR id < $2)) c
      WHERE $3 = 'all' OR status = $3
      ORDER BY id DESC LIMIT $4`,
    [q.officeId ?? null, q.before ?? null, q.status, q.limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    officeId: r.office_id,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    usedAt: r.used_at,
    usedBy: r.device_id,
    withdrawnAt: r.revoked_at,
    forDeviceId: r.for_device_id,
    status: r.status,
  }));
}

/** Withdraws a code not used yet (withdrawing twice keeps the first time). */
export async function withdrawEnrolmentCode(
  db: Queryable,
  id: number,
): Promise<{ withdrawnAt: string } | { refused: 'used' | 'notFound' }> {
  const { rows } = await db.query(
    `UPDATE enrolment_codes SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND used_at IS NULL RETURNING revoked_at`,
    [id],
  );
  if (rows.length) return { withdrawnAt: rows[0].revoked_at };
  const used = await db.query(`SELECT 1 FROM enrolment_codes WHERE id = $1`, [id]);
  return { refused: used.rows.length ? 'used' : 'notFound' };
}

/**
 * Redeems a code: the device is recorded (or enrolled again) with a token's
 * hash and its sealed batch key, and the code is used up, in one transaction.
 * Refusals are SyncErrors (HTTP status and code, no detail).
 */
export async function enrolDevice(
  db: Db,
  serverKey: ServerKey,
  o: { code: string; deviceId: string; deviceName: string; token: string; batchKey: string },
  /** A standalone office joining (admin/join.ts): run in the same transaction, for a device the district never saw. */
  join?: (tx: Queryable, officeId: string) => Promise<JoinResult>,
): Promise<{ officeId: string; acked: number; joined?: JoinResult }> {
  const { code, deviceId, deviceName, token, batchKey } = o;
  return db.transaction(async (tx) => {
    // Used, withdrawn and expired codes are refused alike: the answer tells a guesser nothing.
    const { rows } = await tx.query(
      `SELECT id, office_id, for_device_id FROM enrolment_codes WHERE code_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now() FOR UPDATE`,
      [codeHash(code)],
    );
    if (!rows.length) throw new SyncError(401, 'enrol.codeInvalid');
    const officeId: string = rows[0].office_id;
    // A closed office keeps its records but takes no new laptops (codes issued before it closed included).
    const { rows: office } = await tx.query(`SELECT data->>'closedAt' AS closed_at FROM offices WHERE id = $1`, [
      officeId,
    ]);
    if (office[0]?.closed_at) throw new SyncError(403, 'enrol.officeClosed');
    const forDevice: string | null = rows[0].for_device_id;
    if (forDevice && deviceId !== forDevice) throw new SyncError(403, 'enrol.codeOtherDevice');
    const known = await tx.query(`SELECT office_id, kind, acked, revoked_at FROM devices WHERE id = $1 FOR UPDATE`, [
      deviceId,
    ]);
    if (known.rows.length && (known.rows[0].office_id !== officeId || known.rows[0].kind !== 'device'))
      throw new SyncError(409, 'enrol.deviceOtherOffice');
    // Revocation is for good: a thief holding the laptop (and an office code from
    // anywhere) must not undo it. Only a code the district issued for this device does.
    if (known.rows[0]?.revoked_at && !forDevice) throw new SyncError(403, 'enrol.deviceRevoked');
    // A laptop that synced before has its records on the server already: joining is a first enrolment.
    if (join && known.rows.length) throw new SyncError(409, 'join.deviceKnown');
    // A known device enrolling again (new laptop user, lost or expired token) keeps its
    // sequence; its old tokens die (the last one is remembered to recognise it), and the
    // idle time counts from now. The batch key is stored sealed (server/auth/serverKey.ts).
    await tx.query(
      `INSERT INTO devices (id, kind, office_id, name, token_hash, batch_key, last_seen_at) VALUES ($1, 'device', $2, $3, $4, $5, now())
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, token_hash = EXCLUDED.token_hash, batch_key = EXCLUDED.batch_key, revoked_at = NULL,
         enrolled_at = now(), last_seen_at = now(), prev_token_hash = NULL,
         retired_token_hash = COALESCE(devices.token_hash, devices.retired_token_hash)`,
      [deviceId, officeId, deviceName, sha256(token), serverKey.seal(batchKey, deviceId)],
    );
    await tx.query(`UPDATE enrolment_codes SET used_at = now(), device_id = $2 WHERE id = $1`, [rows[0].id, deviceId]);
    const joined = join ? await join(tx, officeId) : undefined;
    return { officeId, acked: known.rows[0]?.acked ?? 0, ...(joined ? { joined } : {}) };
  });
}
