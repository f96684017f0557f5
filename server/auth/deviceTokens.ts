/**
 * Device tokens that can be taken back: they rotate, expire when a laptop has
 * not been in touch for a district-set time, and die with revocation.
 *
 * Rotation (a fresh token on the last page of each pull, PullResponse.token):
 * the token the request came with becomes the previous one, still accepted;
 * the first request with the new token drops it. So an answer lost on the way
 * never locks a laptop out (it comes back with the previous token and gets
 * another new one), while a copied token stops working once the laptop has
 * moved on. If the thief moves first, the laptop gets 401 and the district
 * hears of it: a token pushed out of use is remembered (retired_token_hash),
 * and presenting it is logged with the device id.
 */
import type { Db, Queryable } from '../db';
import type { Device } from '../store/context';
import { newToken, sha256 } from './tokens';

export const IDLE_DAYS_SETTING = 'deviceTokenIdleDays';
/** A laptop may stay offline for a whole season; three months without any contact is a lost one. */
export const DEFAULT_TOKEN_IDLE_DAYS = 90;

export type DeviceAuth =
  { ok: true; device: Device; tokenHash: string } | { ok: false; reason: 'revoked' | 'expired'; deviceId: string };

const IDLE_DAYS_SQL = `COALESCE((SELECT (value #>> '{}')::int FROM settings WHERE key = '${IDLE_DAYS_SETTING}'), ${DEFAULT_TOKEN_IDLE_DAYS})`;

/** The device whose current or previous token has this hash; null when no device has it. */
export async function authenticateDevice(db: Db, tokenHash: string): Promise<DeviceAuth | null> {
  const { rows } = await db.query(
    `SELECT d.id, d.kind, d.office_id, d.name, d.revoked_at, d.revoke_mode, o.type AS office_type,
            d.token_hash = $1 AS is_current, d.prev_token_hash IS NOT NULL AS has_prev,
            COALESCE(d.last_seen_at, d.enrolled_at) < now() - make_interval(days => ${IDLE_DAYS_SQL}) AS expired,
            d.last_seen_at IS NULL OR d.last_seen_at < now() - interval '1 minute' AS seen_long_ago
       FROM devices d JOIN offices o ON o.id = d.office_id
      WHERE d.token_hash = $1 OR d.prev_token_hash = $1 OR (d.revoked_at IS NOT NULL AND d.retired_token_hash = $1)
      ORDER BY d.revoked_at NULLS FIRST LIMIT 1`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r || r.kind !== 'device') return null;
  // The token the laptop held when it was revoked (kept as its retired one): it is told, not just refused.
  if (r.revoked_at) return { ok: false, reason: 'revoked', deviceId: r.id };
  if (r.expired) return { ok: false, reason: 'expired', deviceId: r.id };
  if (r.is_current && r.has_prev) {
    // The laptop has the new token: the previous one dies now (and is remembered, to recognise a copy).
    await db.query(
      `UPDATE devices SET retired_token_hash = prev_token_hash, prev_token_hash = NULL, last_seen_at = now() WHERE id = $1 AND token_hash = $2`,
      [r.id, tokenHash],
    );
  } else if (r.seen_long_ago) {
    // Any request is contact (expiry counts from the last one); once a minute is precise enough.
    await db.query(`UPDATE devices SET last_seen_at = now() WHERE id = $1`, [r.id]);
  }
  const district = r.office_type === 'districtEducation';
  const draining = r.revoke_mode === 'drain';
  return {
    ok: true,
    device: {
      id: r.id,
      kind: 'device',
      officeId: r.office_id,
      name: r.name,
      district,
      ...(draining ? { draining } : {}),
    },
    tokenHash,
  };
}

/** The device a token pushed out of use belonged to (rotated away, replaced by enrolment, revoked). */
export async function retiredTokenOwner(db: Db, tokenHash: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM devices WHERE retired_token_hash = $1 LIMIT 1`, [
    tokenHash,
  ]);
  return rows[0]?.id ?? null;
}

/**
 * A fresh token for the device, replacing the current one; the token the
 * request came with (`usedHash`: current or previous) stays acceptable until
 * the new one is used. Null when that token is no longer the device's (a
 * concurrent rotation, a revocation): then no new token is handed out.
 */
export async function rotateDeviceToken(db: Db, deviceId: string, usedHash: string): Promise<string | null> {
  const token = newToken();
  const { rowCount } = await db.query(
    `UPDATE devices SET
        retired_token_hash = CASE WHEN token_hash = $2 THEN COALESCE(prev_token_hash, retired_token_hash) ELSE token_hash END,
        prev_token_hash = $2, token_hash = $3, token_rotated_at = now()
      WHERE id = $1 AND kind = 'device' AND revoked_at IS NULL AND (token_hash = $2 OR prev_token_hash = $2)`,
    [deviceId, usedHash, sha256(token)],
  );
  return rowCount ? token : null;
}

export type RevokeMode = 'stop' | 'drain';

/**
 * Revocation for good ('stop'): both tokens die; the current one is remembered
 * to recognise it (and tell the laptop it was revoked) if it comes back.
 * Also how a drain ends (finishDrain). A revoked device stays revoked.
 */
export async function revokeDevice(db: Queryable, deviceId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE devices SET revoked_at = COALESCE(revoked_at, now()), retired_token_hash = COALESCE(token_hash, retired_token_hash),
            token_hash = NULL, prev_token_hash = NULL
      WHERE id = $1 AND kind = 'device'`,
    [deviceId],
  );
  return rowCount > 0;
}

/** How a device was revoked, for the board: 'stop' unless it was drained (a drain stopped early becomes 'stop'). */
export async function markRevokeMode(db: Queryable, deviceId: string, mode: RevokeMode): Promise<void> {
  await db.query(
    `UPDATE devices SET revoke_mode = $2, revoke_requested_at = COALESCE(revoke_requested_at, now()) WHERE id = $1`,
    [deviceId, mode],
  );
}

/**
 * "Take what it has, then stop": the laptop keeps pushing, and is revoked as
 * soon as it says nothing is left in its outbox (finishDrain). False when
 * there is no such device; a device already revoked stays as it is.
 */
export async function requestDrain(db: Queryable, deviceId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE devices SET revoke_mode = CASE WHEN revoked_at IS NULL THEN 'drain' ELSE revoke_mode END,
            revoke_requested_at = COALESCE(revoke_requested_at, now())
      WHERE id = $1 AND kind = 'device'`,
    [deviceId],
  );
  return rowCount > 0;
}

/** Ends a drain: the device is revoked now (its mode stays 'drain', for the board and the audit). */
export async function finishDrain(db: Queryable, deviceId: string): Promise<boolean> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE devices SET revoked_at = now(), retired_token_hash = COALESCE(token_hash, retired_token_hash),
            token_hash = NULL, prev_token_hash = NULL
      WHERE id = $1 AND kind = 'device' AND revoke_mode = 'drain' AND revoked_at IS NULL RETURNING id`,
    [deviceId],
  );
  return rows.length > 0;
}

export async function tokenIdleDays(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ days: number }>(`SELECT ${IDLE_DAYS_SQL} AS days`);
  return rows[0].days;
}

export async function setTokenIdleDays(db: Queryable, days: number): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [IDLE_DAYS_SETTING, JSON.stringify(days)],
  );
}
