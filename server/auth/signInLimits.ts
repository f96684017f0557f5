/**
 * District sign-in attempts are limited per (login name, address) and per
 * address across login names, in the database (sign_in_attempts, migration
 * 007) so that every server process on one PostgreSQL sees the same counts and
 * district staff can see and lift a lock.
 *
 * Per login name *and* address, not per login name: a limit on the name alone
 * let anyone lock the district out of `district` with wrong passwords from
 * anywhere. The per-address limit stops one address from trying many names.
 *
 * An attempt is counted before its password is checked (and the count given
 * back when it succeeds): checking first would let a burst of parallel
 * guesses all pass the check before the first failure is written.
 */
import type { SignInLock } from '../../shared';
import type { Db } from '../db';

export type SignInLimits = {
  /** Attempts per (login, address) in a window; the next one is refused and locks the pair. */
  perLogin: number;
  /** Attempts per address across all login names in a window. */
  perAddress: number;
  windowSeconds: number;
  lockSeconds: number;
};

/**
 * Ten tries of one name from one address, thirty of any names, per quarter of
 * an hour: a person who forgot a password is not held up, a guesser gets about
 * a thousand tries a day from one address against PBKDF2 hashes.
 */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perLogin: 10,
  perAddress: 30,
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
};

/** The key of the per-address counter (a login name is never empty). */
const ANY_LOGIN = '';

export const normaliseLogin = (login: string) => login.trim().toLowerCase();

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/** Counts one attempt of `login` from `address`, or says how long that pair or address is locked for. */
export async function admitSignIn(db: Db, login: string, address: string, limits: SignInLimits): Promise<Admission> {
  const locked = await db.query<{ retry: number }>(
    `SELECT GREATEST(1, ceil(extract(epoch FROM max(locked_until) - now())))::int AS retry
       FROM sign_in_attempts WHERE address = $1 AND login IN ($2, $3) AND locked_until > now() HAVING count(*) > 0`,
    [address, login, ANY_LOGIN],
  );
  if (locked.rows.length) return { admitted: false, retryAfterSeconds: locked.rows[0].retry };
  // Old rows go with each attempt: the table stays as small as the last day's attempts.
  await db.query(
    `DELETE FROM sign_in_attempts WHERE last_attempt_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())`,
  );
  let retry = 0;
  for (const [key, max] of [
    [login, limits.perLogin],
    [ANY_LOGIN, limits.perAddress],
  ] as const) {
    // A locked row keeps its count and lock; an elapsed window starts again at 1; the attempt
    // that goes over the limit is refused and locks the key for lockSeconds.
    const { rows } = await db.query<{ retry: number | null }>(
      `INSERT INTO sign_in_attempts AS a (login, address, attempts, window_start, last_attempt_at, locked_until)
       VALUES ($1, $2, 1, now(), now(), CASE WHEN 1 > $3::int THEN now() + make_interval(secs => $5::int) END)
       ON CONFLICT (login, address) DO UPDATE SET
         attempts = CASE WHEN a.locked_until > now() THEN a.attempts
                         WHEN a.window_start <= now() - make_interval(secs => $4::int) THEN 1
                         ELSE a.attempts + 1 END,
         window_start = CASE WHEN a.locked_until > now() THEN a.window_start
                             WHEN a.window_start <= now() - make_interval(secs => $4::int) THEN now()
                             ELSE a.window_start END,
         locked_until = CASE WHEN a.locked_until > now() THEN a.locked_until
                             WHEN a.window_start > now() - make_interval(secs => $4::int) AND a.attempts + 1 > $3::int THEN now() + make_interval(secs => $5::int)
                             ELSE NULL END,
         last_attempt_at = now()
       RETURNING CASE WHEN locked_until > now() THEN GREATEST(1, ceil(extract(epoch FROM locked_until - now())))::int END AS retry`,
      [key, address, max, limits.windowSeconds, limits.lockSeconds],
    );
    retry = Math.max(retry, rows[0]?.retry ?? 0);
  }
  return retry > 0 ? { admitted: false, retryAfterSeconds: retry } : { admitted: true };
}

/** A successful sign-in: the pair starts afresh, and its attempt no longer counts against the address. */
export async function signInSucceeded(db: Db, login: string, address: string): Promise<void> {
  await db.query(`DELETE FROM sign_in_attempts WHERE login = $1 AND address = $2`, [login, address]);
  await db.query(
    `UPDATE sign_in_attempts SET attempts = GREATEST(0, attempts - 1) WHERE login = $1 AND address = $2 AND (locked_until IS NULL OR locked_until <= now())`,
    [ANY_LOGIN, address],
  );
}

/** Pairs and addresses locked now (login null: the address, whatever the login name). */
export async function listSignInLocks(db: Db): Promise<SignInLock[]> {
  const { rows } = await db.query(
    `SELECT login, address, attempts, locked_until, last_attempt_at FROM sign_in_attempts WHERE locked_until > now() ORDER BY locked_until DESC LIMIT 500`,
  );
  return rows.map((r) => ({
    login: r.login === ANY_LOGIN ? null : r.login,
    address: r.address,
    attempts: r.attempts,
    lockedUntil: new Date(r.locked_until).toISOString(),
    lastAttemptAt: new Date(r.last_attempt_at).toISOString(),
  }));
}

/**
 * Lifts locks and forgets their counts: a login name (from every address), an
 * address (every login name and the address's own counter), or one pair (and
 * its address's counter, which would otherwise still hold the person back).
 */
export async function unlockSignIn(db: Db, o: { login?: string; address?: string }): Promise<number> {
  const login = o.login === undefined ? null : normaliseLogin(o.login);
  const address = o.address ?? null;
  const { rowCount } = await db.query(
    `DELETE FROM sign_in_attempts
      WHERE ($2::text IS NULL OR address = $2)
        AND ($1::text IS NULL OR login = $1 OR (login = '' AND $2::text IS NOT NULL))`,
    [login, address],
  );
  return rowCount ?? 0;
}
