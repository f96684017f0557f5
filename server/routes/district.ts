/** District reconciliation: devices and codes, conflicts, duplicates, backlog, quarantine, the queue. */
import type { FastifyInstance } from 'fastify';
import {
  EnrolmentCodeRequestSchema, IdSchema, ResolveConflictRequestSchema, ServiceEntrySchema, SetDuplicateStatusRequestSchema,
  DistrictLogoutRequestSchema, DistrictSettingsSchema, SignInUnlockRequestSchema,
  type DeviceInfo, type DistrictQueue, type DistrictSettings, type EnrolmentCodeInfo, type EnrolmentCodeResponse,
} from '../../shared';
import { principalOf, type AppDeps, type Principal } from '../http/app';
import { HttpError, zodIssues } from '../http/errors';
import { codeHash, newEnrolmentCode, printedCode } from '../auth/tokens';
import { revokeDevice, setTokenIdleDays, tokenIdleDays } from '../auth/deviceTokens';
import { listSignInLocks, unlockSignIn } from '../auth/signInLimits';
import { listBacklog, listConflicts, listDuplicates, listQuarantine, listRefused, renumberApplication, resolveConflict, setDuplicateStatus } from '../sync/district';
import { districtQueue } from '../sync/queue';
import { saveCatalogEntry } from '../sync/reference';

const actorId = (p: Principal) => (p.kind === 'staff' ? p.staffId : `device:${p.device.id}`);
const intParam = (v: unknown) => (typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : undefined);

function parse<T>(schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: any[] } } }, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw new HttpError(400, 'body.invalid', { issues: zodIssues(r.error.issues) });
  return r.data;
}

export function registerDistrictRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const district = { config: { auth: 'district' as const } };

  // The catalog is data the district changes when a decree changes a term, a document or a form:
  // an entry replaced here reaches every device with its next pull.
  app.get('/v1/district/catalog', district, async () => ({ entries: deps.catalog().all() }));

  app.put('/v1/district/catalog/:code', district, async (req) => {
    const p = principalOf(req);
    const { code } = req.params as { code: string };
    const entry = parse(ServiceEntrySchema, req.body);
    if (entry.code !== code) throw new HttpError(400, 'body.invalid', { issues: [{ path: ['code'], message: `must be ${code}` }] });
    const version = await db.transaction((tx) => saveCatalogEntry(tx, entry));
    await deps.reloadCatalog?.();
    req.log.info({ code, by: actorId(p), version }, 'catalog entry saved');
    return { code, version };
  });

  app.post('/v1/district/enrolment-codes', district, async (req) => {
    const p = principalOf(req);
    const body = parse(EnrolmentCodeRequestSchema, req.body);
    const { rows } = await db.query('SELECT 1 FROM offices WHERE id = $1', [body.officeId]);
    if (!rows.length) throw new HttpError(404, 'notFound', { officeId: body.officeId });
    if (body.deviceId) {
      // A code for one device (the way back for a revoked one): it must be that office's device.
      const dev = await db.query(`SELECT office_id FROM devices WHERE id = $1 AND kind = 'device'`, [body.deviceId]);
      if (!dev.rows.length) throw new HttpError(404, 'notFound', { deviceId: body.deviceId });
      if (dev.rows[0].office_id !== body.officeId) throw new HttpError(409, 'enrol.deviceOtherOffice');
    }
    const code = newEnrolmentCode();
    const ins = await db.query<{ id: number; expires_at: string }>(
      `INSERT INTO enrolment_codes (code_hash, office_id, created_by, note, for_device_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6)) RETURNING id, expires_at`,
      [codeHash(code), body.officeId, actorId(p), body.note ?? null, body.deviceId ?? null, body.validHours],
    );
    req.log.info({ officeId: body.officeId, codeId: ins.rows[0].id, forDeviceId: body.deviceId, by: actorId(p) }, 'enrolment code issued');
    const res: EnrolmentCodeResponse = { code, officeId: body.officeId, expiresAt: ins.rows[0].expires_at, id: Number(ins.rows[0].id), deviceId: body.deviceId ?? null };
    // Shown with the check group of the certificate desks will pin, and that certificate's fingerprint (docs/tls.md).
    return { ...res, code: await printedCode(code, deps.tlsFingerprint), certificateFingerprint: deps.tlsFingerprint ?? null };
  });

  app.get('/v1/district/devices', district, async () => {
    const { rows } = await db.query(`SELECT id, name, office_id, acked, enrolled_at, last_seen_at, revoked_at FROM devices WHERE kind = 'device' ORDER BY enrolled_at`);
    const devices: DeviceInfo[] = rows.map((r) => ({
      id: r.id, name: r.name, officeId: r.office_id, acked: r.acked, enrolledAt: r.enrolled_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at,
    }));
    return { devices };
  });

  app.post('/v1/district/devices/:id/revoke', district, async (req) => {
    const p = principalOf(req);
    const { id } = req.params as { id: string };
    if (!(await revokeDevice(db, id))) throw new HttpError(404, 'notFound', { deviceId: id });
    req.log.warn({ deviceId: id, by: actorId(p) }, 'device revoked');
    return { id, revoked: true };
  });

  // Issued codes without the codes themselves (only their hashes are kept), newest first.
  app.get('/v1/district/enrolment-codes', district, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const status = q.status ?? 'all';
    if (!['active', 'used', 'expired', 'withdrawn', 'all'].includes(status)) {
      throw new HttpError(400, 'body.invalid', { issues: [{ path: ['status'], message: 'active|used|expired|withdrawn|all' }] });
    }
    const limit = Math.min(intParam(q.limit) ?? 200, 1000);
    const { rows } = await db.query(
      `SELECT * FROM (
         SELECT id, office_id, note, created_by, created_at, expires_at, used_at, device_id, revoked_at, for_device_id,
                CASE WHEN used_at IS NOT NULL THEN 'used' WHEN revoked_at IS NOT NULL THEN 'withdrawn' WHEN expires_at <= now() THEN 'expired' ELSE 'active' END AS status
           FROM enrolment_codes
          WHERE ($1::text IS NULL OR office_id = $1) AND ($2::bigint IS NULL OR id < $2)) c
        WHERE $3 = 'all' OR status = $3
        ORDER BY id DESC LIMIT $4`,
      [q.officeId ?? null, intParam(q.before) ?? null, status, limit],
    );
    const codes: EnrolmentCodeInfo[] = rows.map((r) => ({
      id: Number(r.id), officeId: r.office_id, note: r.note, createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at,
      usedAt: r.used_at, usedBy: r.device_id, withdrawnAt: r.revoked_at, forDeviceId: r.for_device_id, status: r.status,
    }));
    return { codes };
  });

  app.post('/v1/district/enrolment-codes/:id/withdraw', district, async (req) => {
    const p = principalOf(req);
    const id = intParam((req.params as { id: string }).id);
    if (id === undefined) throw new HttpError(404, 'notFound');
    const { rows } = await db.query(
      `UPDATE enrolment_codes SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND used_at IS NULL RETURNING revoked_at`,
      [id],
    );
    if (!rows.length) {
      const used = await db.query(`SELECT 1 FROM enrolment_codes WHERE id = $1`, [id]);
      throw used.rows.length ? new HttpError(409, 'enrolmentCode.used', { id }) : new HttpError(404, 'notFound', { id });
    }
    req.log.info({ codeId: id, by: actorId(p) }, 'enrolment code withdrawn');
    return { id, withdrawnAt: rows[0].revoked_at };
  });

  // Signing out: the session behind this request, or (all) every session of this staff member.
  app.post('/v1/district/logout', district, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'staff') throw new HttpError(403, 'scope.staffOnly');
    const { all } = parse(DistrictLogoutRequestSchema, req.body);
    const { rowCount } = all
      ? await db.query(`UPDATE district_sessions SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL`, [p.staffId])
      : await db.query(`UPDATE district_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [p.sessionHash]);
    req.log.info({ staffId: p.staffId, sessions: rowCount }, 'district staff signed out');
    return { signedOut: rowCount };
  });

  app.get('/v1/district/settings', district, async () => {
    const settings: DistrictSettings = { deviceTokenIdleDays: await tokenIdleDays(db) };
    return settings;
  });

  app.put('/v1/district/settings', district, async (req) => {
    const p = principalOf(req);
    const body = parse(DistrictSettingsSchema.partial(), req.body);
    if (body.deviceTokenIdleDays !== undefined) await setTokenIdleDays(db, body.deviceTokenIdleDays);
    req.log.info({ by: actorId(p), ...body }, 'district settings changed');
    const settings: DistrictSettings = { deviceTokenIdleDays: await tokenIdleDays(db) };
    return settings;
  });

  app.get('/v1/district/sign-in-locks', district, async () => ({ locks: await listSignInLocks(db) }));

  app.post('/v1/district/sign-in-locks/unlock', district, async (req) => {
    const p = principalOf(req);
    const body = parse(SignInUnlockRequestSchema, req.body);
    const unlocked = await unlockSignIn(db, body);
    // No login name in the log; the count says whether anything was locked.
    req.log.info({ by: actorId(p), unlocked }, 'sign-in lock lifted');
    return { unlocked };
  });

  app.get('/v1/district/backlog', district, async () => ({ devices: await listBacklog(db) }));

  app.get('/v1/district/quarantine', district, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    return {
      ops: await listQuarantine(db, { officeId: q.officeId, limit: intParam(q.limit), after: intParam(q.after) }),
      // Ops refused before they took a place in the sequence (a number reused): a list of their own, paged apart.
      refused: await listRefused(db, { officeId: q.officeId, limit: intParam(q.limit), after: intParam(q.refusedAfter) }),
    };
  });

  app.get('/v1/district/conflicts', district, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const status = q.status ?? 'open';
    if (!['open', 'resolved', 'logged', 'all'].includes(status)) throw new HttpError(400, 'body.invalid', { issues: [{ path: ['status'], message: 'open|resolved|logged|all' }] });
    if (q.kind && !['soft', 'hard'].includes(q.kind)) throw new HttpError(400, 'body.invalid', { issues: [{ path: ['kind'], message: 'soft|hard' }] });
    return { conflicts: await listConflicts(db, { status, kind: q.kind, entityId: q.entityId, limit: intParam(q.limit), after: intParam(q.after) }) };
  });

  app.post('/v1/district/conflicts/:id/resolve', district, async (req) => {
    const p = principalOf(req);
    const id = intParam((req.params as { id: string }).id);
    if (id === undefined) throw new HttpError(404, 'notFound');
    const body = parse(ResolveConflictRequestSchema, req.body);
    const c = await resolveConflict(deps, id, body, actorId(p));
    req.log.info({ conflictId: id, by: actorId(p), choose: typeof body.choose === 'string' ? body.choose : 'value' }, 'conflict resolved');
    return c;
  });

  // Two applications with one official number (journal.* conflicts): the district gives one of them the next free number.
  app.post('/v1/district/applications/:id/renumber', district, async (req) => {
    const p = principalOf(req);
    const { id } = req.params as { id: string };
    if (!IdSchema.safeParse(id).success) throw new HttpError(404, 'notFound');
    const r = await renumberApplication(deps, id, actorId(p));
    req.log.info({ applicationId: id, by: actorId(p), resolved: r.resolved }, 'application renumbered');
    return r;
  });

  app.get('/v1/district/duplicates', district, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const status = q.status ?? 'open';
    if (!['open', 'not_duplicate', 'merged', 'all'].includes(status)) throw new HttpError(400, 'body.invalid', { issues: [{ path: ['status'], message: 'open|not_duplicate|merged|all' }] });
    return { duplicates: await listDuplicates(db, { status, limit: intParam(q.limit) }) };
  });

  app.post('/v1/district/duplicates/:id', district, async (req) => {
    const p = principalOf(req);
    const id = intParam((req.params as { id: string }).id);
    if (id === undefined) throw new HttpError(404, 'notFound');
    const body = parse(SetDuplicateStatusRequestSchema, req.body);
    return setDuplicateStatus(db, id, body.status, body.note, actorId(p));
  });

  app.get('/v1/district/queue', district, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const now = deps.now();
    const age = intParam(q.age);
    const groups = (await districtQueue(db, now)).filter((g) => age === undefined || g.age === age);
    const res: DistrictQueue = {
      asOf: now,
      groups: groups.map((g) => ({
        age: g.age,
        total: g.items.length,
        items: g.items
          .filter((x) => !q.officeId || x.officeId === q.officeId)
          .map((x) => ({
            position: x.position, applicationId: x.id, officeId: x.officeId, journalNo: x.journalNo, childName: x.childName,
            birthDate: x.birthDate, priority: x.priority, acceptedAt: x.acceptedAt, kindergartenIds: x.kindergartenIds,
          })),
      })),
    };
    return res;
  });
}
