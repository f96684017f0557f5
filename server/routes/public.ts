/** Health, device enrolment and district staff sign-in: the calls made without a bearer token. */
import type { FastifyInstance } from 'fastify';
import {
  DistrictLoginRequestSchema, EnrolRequestSchema, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, PasswordHashSchema, generateBatchKey, newId, verifyPassword,
  type DistrictLoginResponse, type EnrolResponse, type HealthResponse,
} from '../../shared';
import type { AppDeps } from '../http/app';
import { HttpError, zodIssues } from '../http/errors';
import { codeHash, newToken, sha256 } from '../auth/tokens';
import { admitSignIn, normaliseLogin, signInSucceeded } from '../auth/signInLimits';
import { districtName, referenceData } from '../sync/reference';
import { deviceLeases } from '../sync/leases';

const SESSION_HOURS = 12;

/*
 * Guessing a password is slowed, not only logged: sign-in attempts are
 * limited per (login name, address) and per address (server/auth/signInLimits.ts);
 * over the limit, 429 auth.tooManyAttempts with the seconds to wait, until the
 * lock ends or district staff lift it. Enrolment is not limited: a code is 12
 * random characters of 31 (about 59 bits), expires, and a district enrols
 * many laptops at once.
 */

export function registerPublicRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;

  app.get('/health', async (_req, reply) => {
    let ok = true;
    let district: string | null = null;
    try {
      await db.query('SELECT 1');
      district = (await districtName(db))?.kk ?? null;
    } catch {
      ok = false;
    }
    const body: HealthResponse = {
      ok, db: { ok, kind: db.kind }, version: deps.version, protocol: { current: PROTOCOL_VERSION, min: MIN_PROTOCOL_VERSION },
      migrations: deps.migrations(), district, uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
    };
    return reply.code(ok ? 200 : 503).send(body);
  });

  app.post('/v1/enrol', { config: { auth: 'none' } }, async (req) => {
    const parsed = EnrolRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'body.invalid', { issues: zodIssues(parsed.error.issues) });
    const { code, deviceName } = parsed.data;
    const deviceId = parsed.data.deviceId ?? newId();
    const token = newToken();
    const batchKey = generateBatchKey();
    const { officeId, acked } = await db.transaction(async (tx) => {
      // Used, withdrawn and expired codes are refused alike: the answer tells a guesser nothing.
      const { rows } = await tx.query(
        `SELECT id, office_id, for_device_id FROM enrolment_codes WHERE code_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now() FOR UPDATE`,
        [codeHash(code)],
      );
      if (!rows.length) throw new HttpError(401, 'enrol.codeInvalid');
      const officeId: string = rows[0].office_id;
      const forDevice: string | null = rows[0].for_device_id;
      if (forDevice && deviceId !== forDevice) throw new HttpError(403, 'enrol.codeOtherDevice');
      const known = await tx.query(`SELECT office_id, kind, acked, revoked_at FROM devices WHERE id = $1 FOR UPDATE`, [deviceId]);
      if (known.rows.length && (known.rows[0].office_id !== officeId || known.rows[0].kind !== 'device')) throw new HttpError(409, 'enrol.deviceOtherOffice');
      // Revocation is for good: a thief holding the laptop (and an office code from
      // anywhere) must not undo it. Only a code the district issued for this device does.
      if (known.rows[0]?.revoked_at && !forDevice) throw new HttpError(403, 'enrol.deviceRevoked');
      // A known device enrolling again (new laptop user, lost or expired token) keeps its
      // sequence; its old tokens die (the last one is remembered to recognise it), and the
      // idle time counts from now. The batch key is stored sealed (server/auth/serverKey.ts).
      await tx.query(
        `INSERT INTO devices (id, kind, office_id, name, token_hash, batch_key, last_seen_at) VALUES ($1, 'device', $2, $3, $4, $5, now())
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, token_hash = EXCLUDED.token_hash, batch_key = EXCLUDED.batch_key, revoked_at = NULL,
           enrolled_at = now(), last_seen_at = now(), prev_token_hash = NULL,
           retired_token_hash = COALESCE(devices.token_hash, devices.retired_token_hash)`,
        [deviceId, officeId, deviceName, sha256(token), deps.serverKey.seal(batchKey, deviceId)],
      );
      await tx.query(`UPDATE enrolment_codes SET used_at = now(), device_id = $2 WHERE id = $1`, [rows[0].id, deviceId]);
      return { officeId, acked: known.rows[0]?.acked ?? 0 };
    });
    req.log.info({ deviceId, officeId, deviceName }, 'device enrolled');
    const body: EnrolResponse = {
      deviceId, officeId, token, batchKey, acked, protocolVersion: PROTOCOL_VERSION, serverTime: deps.now(), cursor: '0',
      // A laptop enrolling again keeps only the blocks still listed here (a restored one none of them).
      leases: await deviceLeases(db, deviceId),
      reference: await referenceData(db, officeId),
    };
    return body;
  });

  app.post('/v1/district/login', { config: { auth: 'none' } }, async (req, reply) => {
    const parsed = DistrictLoginRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'body.invalid', { issues: zodIssues(parsed.error.issues) });
    const login = normaliseLogin(parsed.data.login);
    const admission = await admitSignIn(db, login, req.ip, deps.signInLimits);
    if (!admission.admitted) {
      // Even the right password waits: otherwise the lock would only slow the guesses down.
      reply.header('retry-after', String(admission.retryAfterSeconds));
      throw new HttpError(429, 'auth.tooManyAttempts', { retryAfterSeconds: admission.retryAfterSeconds });
    }
    const { rows } = await db.query(
      `SELECT s.id, s.office_id, s.password, s.data->>'fullName' AS full_name, s.login FROM staff s JOIN offices o ON o.id = s.office_id
        WHERE o.type = 'districtEducation' AND s.login = $1 AND s.active`,
      [login],
    );
    const s = rows[0];
    const hash = s ? PasswordHashSchema.safeParse(s.password) : null;
    if (!s || !hash?.success || !(await verifyPassword(parsed.data.password, hash.data))) {
      // No login name in the log (it may be a password typed into the wrong field); the district sees locks in GET /v1/district/sign-in-locks.
      req.log.warn('district sign-in failed');
      throw new HttpError(401, 'login.invalid');
    }
    await signInSucceeded(db, login, req.ip);
    const token = newToken();
    const { rows: ses } = await db.query<{ expires_at: string }>(
      `INSERT INTO district_sessions (token_hash, staff_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3)) RETURNING expires_at`,
      [sha256(token), s.id, SESSION_HOURS],
    );
    const body: DistrictLoginResponse = { token, expiresAt: ses[0].expires_at, staff: { id: s.id, fullName: s.full_name, login: s.login, officeId: s.office_id } };
    return body;
  });
}
