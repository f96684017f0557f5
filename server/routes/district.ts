/** The district's calls: administration (codes, devices, sessions, settings, sign-in locks), the catalog, reconciliation (conflicts, duplicates, backlog, quarantine, renumbering) and the queue. */
import type { FastifyInstance } from 'fastify';
import {
  EnrolmentCodeRequestSchema,
  IdSchema,
  ResolveConflictRequestSchema,
  ServiceEntrySchema,
  SetDuplicateStatusRequestSchema,
  DistrictLogoutRequestSchema,
  DistrictSettingsSchema,
  SignInUnlockRequestSchema,
  type DistrictQueue,
  type DistrictSettings,
  type EnrolmentCodeResponse,
} from '../../shared';
import { principalOf, type AppDeps, type Principal } from '../http/context';
import { HttpError, zodIssues } from '../http/errors';
import { printedCode } from '../auth/tokens';
import { revokeDevice, setTokenIdleDays, tokenIdleDays } from '../auth/deviceTokens';
import { listSignInLocks, unlockSignIn } from '../auth/signInLimits';
import { issueEnrolmentCode, listEnrolmentCodes, withdrawEnrolmentCode, type CodeStatus } from '../admin/enrolment';
import { listDevices } from '../admin/devices';
import { endDistrictSessions } from '../admin/accounts';
import {
  listBacklog,
  listConflicts,
  listDuplicates,
  listQuarantine,
  listRefused,
  renumberApplication,
  resolveConflict,
  setDuplicateStatus,
} from '../reconcile/reconcile';
import { districtQueue } from '../queue/queue';
import { saveCatalogEntry } from '../reference/reference';

const actorId = (p: Principal) => (p.kind === 'staff' ? p.staffId : `device:${p.device.id}`);
const intParam = (v: unknown) => (typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : undefined);

function parse<T>(
  schema: {
    safeParse(
      x: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof zodIssues>[0] } };
  },
  body: unknown,
): T {
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
    if (entry.code !== code)
      throw new HttpError(400, 'body.invalid', { issues: [{ path: ['code'], message: `must be ${code}` }] });
    const version = await db.transaction((tx) => saveCatalogEntry(tx, entry));
    await deps.reloadCatalog?.();
    req.log.info({ code, by: actorId(p), version }, 'catalog entry saved');
    return { code, version };
  });

  app.post('/v1/district/enrolment-codes', district, async (req) => {
    const p = principalOf(req);
    const body = parse(EnrolmentCodeRequestSchema, req.body);
    const issued = await issueEnrolmentCode(db, {
      officeId: body.officeId,
      deviceId: body.deviceId,
      note: body.note,
      validHours: body.validHours,
      createdBy: actorId(p),
    });
    if ('refused' in issued) {
      if (issued.refused === 'officeUnknown') throw new HttpError(404, 'notFound', { officeId: body.officeId });
      if (issued.refused === 'deviceUnknown') throw new HttpError(404, 'notFound', { deviceId: body.deviceId });
      throw new HttpError(409, 'enrol.deviceOtherOffice');
    }
    const { code } = issued;
    req.log.info(
      { officeId: body.officeId, codeId: issued.id, forDeviceId: body.deviceId, by: actorId(p) },
      'enrolment code issued',
    );
    const res: EnrolmentCodeResponse = {
      code,
      officeId: body.officeId,
      expiresAt: issued.expiresAt,
      id: issued.id,
      deviceId: body.deviceId ?? null,
    };
    // Shown with the check group of the certificate desks will pin, and that certificate's fingerprint (docs/tls.md).
    return {
      ...res,
      code: await printedCode(code, deps.tlsFingerprint),
      certificateFingerprint: deps.tlsFingerprint ?? null,
    };
  });

  app.get('/v1/district/devices', district, async () => ({ devices: await listDevices(db) }));

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
      throw new HttpError(400, 'body.invalid', {
        issues: [{ path: ['status'], message: 'active|used|expired|withdrawn|all' }],
      });
    }
    const limit = Math.min(intParam(q.limit) ?? 200, 1000);
    const codes = await listEnrolmentCodes(db, {
      officeId: q.officeId,
      before: intParam(q.before),
      status: status as CodeStatus | 'all',
      limit,
    });
    return { codes };
  });

  app.post('/v1/district/enrolment-codes/:id/withdraw', district, async (req) => {
    const p = principalOf(req);
    const id = intParam((req.params as { id: string }).id);
    if (id === undefined) throw new HttpError(404, 'notFound');
    const w = await withdrawEnrolmentCode(db, id);
    if ('refused' in w)
      throw w.refused === 'used'
        ? new HttpError(409, 'enrolmentCode.used', { id })
        : new HttpError(404, 'notFound', { id });
    req.log.info({ codeId: id, by: actorId(p) }, 'enrolment code withdrawn');
    return { id, withdrawnAt: w.withdrawnAt };
  });

  // Signing out: the session behind this request, or (all) every session of this staff member.
  app.post('/v1/district/logout', district, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'staff') throw new HttpError(403, 'scope.staffOnly');
    const { all } = parse(DistrictLogoutRequestSchema, req.body);
    const rowCount = await endDistrictSessions(db, all ? { staffId: p.staffId } : { sessionHash: p.sessionHash });
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
      refused: await listRefused(db, {
        officeId: q.officeId,
        limit: intParam(q.limit),
        after: intParam(q.refusedAfter),
      }),
    };
  });

  app.get('/v1/district/conflicts', district, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const status = q.status ?? 'open';
    if (!['open', 'resolved', 'logged', 'all'].includes(status))
      throw new HttpError(400, 'body.invalid', { issues: [{ path: ['status'], message: 'open|resolved|logged|all' }] });
    if (q.kind && !['soft', 'hard'].includes(q.kind))
      throw new HttpError(400, 'body.invalid', { issues: [{ path: ['kind'], message: 'soft|hard' }] });
    return {
      conflicts: await listConflicts(db, {
        status,
        kind: q.kind,
        entityId: q.entityId,
        limit: intParam(q.limit),
        after: intParam(q.after),
      }),
    };
  });

  app.post('/v1/district/conflicts/:id/resolve', district, async (req) => {
    const p = principalOf(req);
    const id = intParam((req.params as { id: string }).id);
    if (id === undefined) throw new HttpError(404, 'notFound');
    const body = parse(ResolveConflictRequestSchema, req.body);
    const c = await resolveConflict(deps, id, body, actorId(p));
    req.log.info(
      { conflictId: id, by: actorId(p), choose: typeof body.choose === 'string' ? body.choose : 'value' },
      'conflict resolved',
    );
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
    if (!['open', 'not_duplicate', 'merged', 'all'].includes(status))
      throw new HttpError(400, 'body.invalid', {
        issues: [{ path: ['status'], message: 'open|not_duplicate|merged|all' }],
      });
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
            position: x.position,
            applicationId: x.id,
            officeId: x.officeId,
            journalNo: x.journalNo,
            childName: x.childName,
            birthDate: x.birthDate,
            priority: x.priority,
            acceptedAt: x.acceptedAt,
            kindergartenIds: x.kindergartenIds,
          })),
      })),
    };
    return res;
  });
}
