/** Health, device enrolment and district staff sign-in: the calls made without a bearer token. */
import type { FastifyInstance } from 'fastify';
import {
  EnrolRequestSchema,
  MIN_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  generateBatchKey,
  newId,
  type DistrictLoginResponse,
  type EnrolResponse,
  type HealthResponse,
} from '../../shared';
import type { AppDeps } from '../http/context';
import { HttpError, zodIssues } from '../http/errors';
import { newToken } from '../auth/tokens';
import { enrolDevice } from '../admin/enrolment';
import { joinOffice } from '../admin/join';
import { openDistrictSession } from '../admin/accounts';
import { districtName, referenceData } from '../reference/reference';
import { deviceLeases } from '../ingest/leases';
import { districtSignIn } from './districtSignIn';

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
      ok,
      db: { ok, kind: db.kind },
      version: deps.version,
      protocol: { current: PROTOCOL_VERSION, min: MIN_PROTOCOL_VERSION },
      migrations: deps.migrations(),
      district,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
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
    const join = parsed.data.join;
    const { officeId, acked, joined } = await enrolDevice(
      db,
      deps.serverKey,
      { code, deviceId, deviceName, token, batchKey },
      join ? (tx, office) => joinOffice(tx, deps, { officeId: office, deviceId, join }) : undefined,
    );
    req.log.info({ deviceId, officeId, deviceName, joined: !!joined }, 'device enrolled');
    const body: EnrolResponse = {
      deviceId,
      officeId,
      token,
      batchKey,
      acked,
      protocolVersion: PROTOCOL_VERSION,
      serverTime: deps.now(),
      cursor: '0',
      // A laptop enrolling again keeps only the blocks still listed here (a restored one none of them).
      leases: await deviceLeases(db, deviceId),
      reference: await referenceData(db, officeId),
      ...(joined ? { joined } : {}),
    };
    return body;
  });

  app.post('/v1/district/login', { config: { auth: 'none' } }, async (req, reply) => {
    const s = await districtSignIn(req, reply, deps, 'district sign-in failed');
    const { token, expiresAt } = await openDistrictSession(db, s.id);
    const body: DistrictLoginResponse = {
      token,
      expiresAt,
      staff: { id: s.id, fullName: s.fullName, login: s.login, officeId: s.officeId },
    };
    return body;
  });
}
