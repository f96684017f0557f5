/**
 * District staff accounts and their sessions: signing in with a password (the
 * attempts limited by server/auth/signInLimits.ts), the session a bearer token
 * names, signing out. Only staff of the district education office sign in
 * here; a disabled account's sessions end.
 */
import {
  PasswordHashSchema,
  defaultCalendarData,
  verifyPassword,
  type BiText,
  type ConsoleSession,
  type PasswordHash,
  type Role,
} from '../../shared';
import type { Db, Queryable } from '../db';
import { newToken, sha256 } from '../auth/tokens';

const SESSION_HOURS = 12;

export type DistrictStaff = {
  id: string;
  officeId: string;
  fullName: string;
  login: string;
  roles: Role[];
  mustChangePassword: boolean;
};

/** The active district account with this (normalised) login name whose password this is; null otherwise. */
export async function checkDistrictPassword(db: Db, login: string, password: string): Promise<DistrictStaff | null> {
  const { rows } = await db.query(
    `SELECT s.id, s.office_id, s.password, s.data->>'fullName' AS full_name, s.login, s.data->'roles' AS roles,
            COALESCE((s.data->>'mustChangePassword')::boolean, false) AS must_change
       FROM staff s JOIN offices o ON o.id = s.office_id
      WHERE o.type = 'districtEducation' AND s.login = $1 AND s.active`,
    [login],
  );
  const s = rows[0];
  const hash = s ? PasswordHashSchema.safeParse(s.password) : null;
  if (!s || !hash?.success || !(await verifyPassword(password, hash.data))) return null;
  return {
    id: s.id,
    officeId: s.office_id,
    fullName: s.full_name,
    login: s.login,
    roles: s.roles ?? [],
    mustChangePassword: s.must_change === true,
  };
}

/** A new session of SESSION_HOURS: its token (kept as a hash) and when it ends. */
export async function openDistrictSession(db: Db, staffId: string): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const { rows: ses } = await db.query<{ expires_at: string }>(
    `INSERT INTO district_sessions (token_hash, staff_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3)) RETURNING expires_at`,
    [sha256(token), staffId, SESSION_HOURS],
  );
  return { token, expiresAt: ses[0].expires_at };
}

/**
 * The staff member whose open session has this token hash. null: no such
 * session; 'disabled': the account was disabled or moved out of the district
 * office, and its sessions are ended now.
 */
export async function districtSession(
  db: Db,
  tokenHash: string,
): Promise<
  | {
      staffId: string;
      fullName: string;
      officeId: string;
      login: string;
      roles: Role[];
      mustChangePassword: boolean;
      expiresAt: string;
    }
  | 'disabled'
  | null
> {
  const ses = await db.query(
    `SELECT s.staff_id, s.expires_at, st.data->>'fullName' AS full_name, st.office_id, st.active, o.type AS office_type,
            st.login, st.data->'roles' AS roles, COALESCE((st.data->>'mustChangePassword')::boolean, false) AS must_change
       FROM district_sessions s JOIN staff st ON st.id = s.staff_id JOIN offices o ON o.id = st.office_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [tokenHash],
  );
  if (!ses.rows.length) return null;
  const r = ses.rows[0];
  if (!r.active || r.office_type !== 'districtEducation') {
    // A disabled account's sessions end for good: enabling it again does not bring them back.
    await db.query(`UPDATE district_sessions SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL`, [
      r.staff_id,
    ]);
    return 'disabled';
  }
  return {
    staffId: r.staff_id,
    fullName: r.full_name,
    officeId: r.office_id,
    login: r.login,
    roles: r.roles ?? [],
    mustChangePassword: r.must_change === true,
    expiresAt: r.expires_at,
  };
}

/** Ends one session (by its token's hash) or every session of a staff member; how many were open. */
export async function endDistrictSessions(
  db: Db,
  which: { sessionHash: string } | { staffId: string },
): Promise<number> {
  const { rowCount } =
    'staffId' in which
      ? await db.query(`UPDATE district_sessions SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL`, [
          which.staffId,
        ])
      : await db.query(`UPDATE district_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [
          which.sessionHash,
        ]);
  return rowCount;
}

/** The district's names and whether it is the demo, as setup or the demo seed stored them. */
async function districtSetting(db: Queryable): Promise<{ name: BiText; demo: boolean }> {
  const { rows } = await db.query<{ value: { name?: BiText; demo?: boolean } | null }>(
    `SELECT value FROM settings WHERE key = 'district'`,
  );
  const v = rows[0]?.value;
  return { name: v?.name ?? { kk: '', ru: '' }, demo: v?.demo === true };
}

/** What the console shows of its signed-in person (GET /v1/console/session); null: no such open session. */
export async function consoleSession(db: Queryable, sessionHash: string): Promise<ConsoleSession | null> {
  const { rows } = await db.query(
    `SELECT s.expires_at, st.id, st.office_id, st.login, st.data->>'fullName' AS full_name, st.data->'roles' AS roles,
            COALESCE((st.data->>'mustChangePassword')::boolean, false) AS must_change
       FROM district_sessions s JOIN staff st ON st.id = s.staff_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [sessionHash],
  );
  const r = rows[0];
  if (!r) return null;
  const d = await districtSetting(db);
  return {
    staff: { id: r.id, fullName: r.full_name, login: r.login, roles: r.roles ?? [], officeId: r.office_id },
    expiresAt: r.expires_at,
    mustChangePassword: r.must_change === true,
    demo: d.demo,
    district: d.name,
    calendarYears: await calendarYears(db),
  };
}

/** The years the district's calendar document covers (the shipped calendar's when the district has none of its own). */
async function calendarYears(db: Queryable): Promise<[number, number]> {
  const { rows } = await db.query(`SELECT data->'coveredYears' AS years FROM reference_docs WHERE key = 'calendar'`);
  const y: unknown = rows[0]?.years;
  if (Array.isArray(y) && y.length === 2 && y.every((n) => Number.isInteger(n))) return [y[0], y[1]];
  const [from, to] = defaultCalendarData.coveredYears;
  return [from, to];
}

/** The stored password hash of a staff member (to check one's current password before a change). */
export async function staffPasswordHash(db: Queryable, staffId: string): Promise<PasswordHash | null> {
  const { rows } = await db.query(`SELECT password FROM staff WHERE id = $1`, [staffId]);
  const parsed = PasswordHashSchema.safeParse(rows[0]?.password);
  return parsed.success ? parsed.data : null;
}
