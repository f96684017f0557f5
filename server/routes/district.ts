/** The district's calls: administration (codes, devices, sessions, settings, sign-in locks), the catalog, reconciliation (conflicts, duplicates, backlog, quarantine, renumbering) and the queue. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  EnrolmentCodeRequestSchema,
  IdSchema,
  ResolveConflictRequestSchema,
  ServiceEntrySchema,
  SetDuplicateStatusRequestSchema,
  DuplicateStatusSchema,
  DistrictLogoutRequestSchema,
  DistrictSettingsSchema,
  DISTRICT_QUEUE_PAGE,
  DistrictQueueQuerySchema,
  SignInUnlockRequestSchema,
  RevokeRequestSchema,
  localParts,
  type DeviceBoardRow,
  type DistrictArea,
  type DistrictQueue,
  type DistrictSettings,
  type EnrolmentCodeResponse,
  type Lang,
  type QueueListData,
} from '../../shared';
import { principalOf, type AppDeps, type Principal } from '../http/context';
import { HttpError, zodIssues } from '../http/errors';
import { printedCode } from '../auth/tokens';
import { markRevokeMode, requestDrain, revokeDevice, setTokenIdleDays, tokenIdleDays } from '../auth/deviceTokens';
import { listSignInLocks, unlockSignIn } from '../auth/signInLimits';
import { issueEnrolmentCode, listEnrolmentCodes, withdrawEnrolmentCode, type CodeStatus } from '../admin/enrolment';
import { listDevices } from '../admin/devices';
import { audit, type AuditActor } from '../admin/audit';
import { issueLeaseFile, numbersLeftByDevice, numbersWarnPercent, setNumbersWarnPercent } from '../ingest/leases';
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
import { SearchTooShort } from '../queue/queue';
import { narrowQueue } from '../queue/snapshot';
import { directoryNames, queueCsv, queueListRows, queuePdf, queueXlsx } from '../queue/export';
import { districtName, saveCatalogEntry } from '../reference/reference';

const actorId = (p: Principal) => (p.kind === 'staff' ? p.staffId : `device:${p.device.id}`);
/** Who an audit entry names: the staff member, or the district device the call came from. */
const auditActor = (p: Principal): AuditActor =>
  p.kind === 'staff' ? { staffId: p.staffId, name: p.fullName } : { staffId: actorId(p), name: p.device.name };
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
  // Each route's area of the console (shared/district/admin.ts): app.ts's hook checks the staff's roles against it.
  const area = (a: DistrictArea) => ({ config: { auth: 'district' as const, area: a } });

  // The catalog is data the district changes when a decree changes a term, a document or a form:
  // an entry replaced here reaches every device with its next pull.
  app.get('/v1/district/catalog', area('catalog'), async () => ({ entries: deps.catalog().all() }));

  app.put('/v1/district/catalog/:code', area('catalog'), async (req) => {
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

  app.post('/v1/district/enrolment-codes', area('codes'), async (req) => {
    const p = principalOf(req);
    const body = parse(EnrolmentCodeRequestSchema, req.body);
    // The code and its audit entry commit together (the entry without the code: only its id).
    const issued = await db.transaction(async (tx) => {
      const r = await issueEnrolmentCode(tx, {
        officeId: body.officeId,
        deviceId: body.deviceId,
        note: body.note,
        validHours: body.validHours,
        createdBy: actorId(p),
      });
      if (!('refused' in r))
        await audit(tx, auditActor(p), {
          action: 'enrolmentCode.issue',
          target: `enrolmentCode:${r.id}`,
          after: {
            officeId: body.officeId,
            deviceId: body.deviceId ?? null,
            expiresAt: r.expiresAt,
            note: body.note ?? null,
          },
        });
      return r;
    });
    if ('refused' in issued) {
      if (issued.refused === 'officeUnknown') throw new HttpError(404, 'notFound', { officeId: body.officeId });
      if (issued.refused === 'officeClosed') throw new HttpError(409, 'enrol.officeClosed');
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

  // The device board: each laptop with what it last said about itself and the numbers left in its leases this year.
  app.get('/v1/district/devices', area('devices'), async () => {
    const year = Number(localParts(deps.now()).date.slice(0, 4));
    const [devices, numbers] = await Promise.all([listDevices(db), numbersLeftByDevice(db, year)]);
    const rows: DeviceBoardRow[] = devices.map((d) => ({
      ...d,
      ...(numbers.get(d.id) ?? { numbersLeft: 0, lowestJournal: null }),
    }));
    return { devices: rows };
  });

  // 'stop' (no body: as before): the token dies now. 'drain': take what it has, then stop (routes/sync.ts ends it).
  app.post('/v1/district/devices/:id/revoke', area('devices'), async (req) => {
    const p = principalOf(req);
    const { id } = req.params as { id: string };
    const raw = req.body as { mode?: unknown } | null | undefined;
    const { mode } = raw && raw.mode !== undefined ? parse(RevokeRequestSchema, raw) : { mode: 'stop' as const };
    const done = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ revoked_at: string | null; revoke_mode: string | null }>(
        `SELECT revoked_at, revoke_mode FROM devices WHERE id = $1 AND kind = 'device' FOR UPDATE`,
        [id],
      );
      if (!rows.length) return false;
      if (mode === 'drain') await requestDrain(tx, id);
      else {
        // Revoked already (stopped, or drained to its end): it stays as it is.
        if (!rows[0].revoked_at) await markRevokeMode(tx, id, 'stop');
        await revokeDevice(tx, id);
      }
      await audit(tx, auditActor(p), {
        action: 'device.revoke',
        target: `device:${id}`,
        before: { revokedAt: rows[0].revoked_at, revokeMode: rows[0].revoke_mode },
        after: { mode },
      });
      return true;
    });
    if (!done) throw new HttpError(404, 'notFound', { deviceId: id });
    req.log.warn({ deviceId: id, by: actorId(p), mode }, 'device revoked');
    const { rows } = await db.query<{ revoked_at: string | null }>(`SELECT revoked_at FROM devices WHERE id = $1`, [
      id,
    ]);
    return { id, revoked: rows[0].revoked_at !== null, mode, revokedAt: rows[0].revoked_at };
  });

  // A lease file for a laptop with no link (server/ingest/leases.ts): its blocks are recorded as issued to it now.
  app.post('/v1/district/devices/:id/lease-file', area('devices'), async (req) => {
    const p = principalOf(req);
    const { id } = req.params as { id: string };
    const now = deps.now();
    const year = Number(localParts(now).date.slice(0, 4));
    const file = await issueLeaseFile(db, deps.serverKey, id, year, deps.catalog().all(), now);
    await audit(db, auditActor(p), {
      action: 'device.leaseFile',
      target: `device:${id}`,
      before: null,
      after: {
        file: file.id,
        leases: file.leases.map((l) => ({ journal: l.journal, year: l.year, from: l.from, to: l.to })),
      },
    });
    req.log.info({ deviceId: id, by: actorId(p), file: file.id, leases: file.leases.length }, 'lease file issued');
    return file;
  });

  // Issued codes without the codes themselves (only their hashes are kept), newest first.
  app.get('/v1/district/enrolment-codes', area('codes'), async (req) => {
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

  app.post('/v1/district/enrolment-codes/:id/withdraw', area('codes'), async (req) => {
    const p = principalOf(req);
    const id = intParam((req.params as { id: string }).id);
    if (id === undefined) throw new HttpError(404, 'notFound');
    const w = await db.transaction(async (tx) => {
      const r = await withdrawEnrolmentCode(tx, id);
      if (!('refused' in r))
        await audit(tx, auditActor(p), {
          action: 'enrolmentCode.withdraw',
          target: `enrolmentCode:${id}`,
          after: { withdrawnAt: r.withdrawnAt },
        });
      return r;
    });
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

  const settingsNow = async (): Promise<DistrictSettings> => ({
    deviceTokenIdleDays: await tokenIdleDays(db),
    numbersWarnPercent: await numbersWarnPercent(db),
  });

  app.get('/v1/district/settings', area('settings'), async () => settingsNow());

  app.put('/v1/district/settings', area('settings'), async (req) => {
    const p = principalOf(req);
    const body = parse(DistrictSettingsSchema.partial(), req.body);
    if (body.deviceTokenIdleDays !== undefined) await setTokenIdleDays(db, body.deviceTokenIdleDays);
    if (body.numbersWarnPercent !== undefined) await setNumbersWarnPercent(db, body.numbersWarnPercent);
    req.log.info({ by: actorId(p), ...body }, 'district settings changed');
    return settingsNow();
  });

  app.get('/v1/district/sign-in-locks', area('accounts'), async () => ({ locks: await listSignInLocks(db) }));

  app.post('/v1/district/sign-in-locks/unlock', area('accounts'), async (req) => {
    const p = principalOf(req);
    const body = parse(SignInUnlockRequestSchema, req.body);
    const unlocked = await unlockSignIn(db, body);
    // No login name in the log; the count says whether anything was locked.
    req.log.info({ by: actorId(p), unlocked }, 'sign-in lock lifted');
    return { unlocked };
  });

  app.get('/v1/district/backlog', area('reconciliation'), async () => ({ devices: await listBacklog(db) }));

  app.get('/v1/district/quarantine', area('reconciliation'), async (req) => {
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

  app.get('/v1/district/conflicts', area('reconciliation'), async (req) => {
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

  app.post('/v1/district/conflicts/:id/resolve', area('reconciliation'), async (req) => {
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
  app.post('/v1/district/applications/:id/renumber', area('reconciliation'), async (req) => {
    const p = principalOf(req);
    const { id } = req.params as { id: string };
    if (!IdSchema.safeParse(id).success) throw new HttpError(404, 'notFound');
    const r = await renumberApplication(deps, id, actorId(p));
    req.log.info({ applicationId: id, by: actorId(p), resolved: r.resolved }, 'application renumbered');
    return r;
  });

  app.get('/v1/district/duplicates', area('reconciliation'), async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const status = q.status ?? 'open';
    if (status !== 'all' && !DuplicateStatusSchema.safeParse(status).success)
      throw new HttpError(400, 'body.invalid', {
        issues: [{ path: ['status'], message: `${DuplicateStatusSchema.options.join('|')}|all` }],
      });
    return { duplicates: await listDuplicates(db, { status, limit: intParam(q.limit) }) };
  });

  app.post('/v1/district/duplicates/:id', area('reconciliation'), async (req) => {
    const p = principalOf(req);
    const id = intParam((req.params as { id: string }).id);
    if (id === undefined) throw new HttpError(404, 'notFound');
    const body = parse(SetDuplicateStatusRequestSchema, req.body);
    const d = await setDuplicateStatus(deps, id, body, {
      id: actorId(p),
      name: p.kind === 'staff' ? p.fullName : p.device.name,
    });
    const withdrawn = d.applications.find((x) => x.withdrawal && x.queueState === 'withdrawn')?.id;
    req.log.info({ duplicateId: id, by: actorId(p), status: d.status, withdrawn }, 'duplicate decided');
    return d;
  });

  // The district queue, narrowed (DistrictQueueQuerySchema): by GET with a query string (never logged,
  // http/logging.ts), or by POST with the same fields as a body, so a search by IIN or name stays out of URLs.
  const queueRead = { config: { auth: 'district' as const, area: 'queue' as const, readsOnly: true } };
  /** The query checked, and the list it asks for: one page (`page`), or all of it (a printed or exported list). */
  async function narrowedQueue(raw: unknown, paged: boolean) {
    const r = DistrictQueueQuerySchema.safeParse(raw ?? {});
    if (!r.success) throw new HttpError(400, 'query.invalid', { issues: zodIssues(r.error.issues) });
    const now = deps.now();
    const page = { limit: r.data.limit ?? DISTRICT_QUEUE_PAGE.default, offset: r.data.offset ?? 0 };
    try {
      return { f: r.data, now, page, ...(await narrowQueue(db, now, r.data, paged ? page : null)) };
    } catch (e) {
      if (e instanceof SearchTooShort) throw new HttpError(400, 'queue.searchShort');
      throw e;
    }
  }
  const queueAnswer = async (raw: unknown): Promise<DistrictQueue> => {
    const { now, page, groups, matched } = await narrowedQueue(raw, true);
    return {
      asOf: now,
      matched,
      ...page,
      groups: groups.map((g) => ({
        age: g.age,
        total: g.total,
        matched: g.matched,
        items: g.items.map((x) => ({
          position: x.position,
          applicationId: x.id,
          officeId: x.officeId,
          journalNo: x.journalNo,
          childName: x.childName,
          childIin: x.childIin,
          birthDate: x.birthDate,
          priority: x.priority,
          acceptedAt: x.acceptedAt,
          kindergartenIds: x.kindergartenIds,
        })),
      })),
    };
  };
  app.get('/v1/district/queue', area('queue'), (req) => queueAnswer(req.query));
  app.post('/v1/district/queue', queueRead, (req) => queueAnswer(req.body));

  // The same list "as of now", printed (PDF) or exported (XLSX, CSV), in the asked language (kk by default).
  const FILES = {
    pdf: { type: 'application/pdf', make: queuePdf },
    xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', make: queueXlsx },
    csv: { type: 'text/csv; charset=utf-8', make: async (d: QueueListData, l: Lang) => queueCsv(d, l) },
  } as const;
  for (const [ext, file] of Object.entries(FILES)) {
    const handler = async (raw: unknown, req: FastifyRequest, reply: FastifyReply) => {
      const { f, now, groups } = await narrowedQueue(raw, false);
      const lang: Lang = f.lang ?? 'kk';
      const catalog = deps.catalog().all();
      const names = await directoryNames(db, lang);
      const category = (code: string) => {
        for (const e of catalog) {
          const c = e.priorityCategories.find((x) => x.code === code);
          if (c) return c.name[lang];
        }
        return code;
      };
      const data: QueueListData = {
        asOf: now,
        district: await districtName(db),
        filters: {
          office: f.officeId ? names.office(f.officeId) : undefined,
          kindergarten: f.kindergartenId ? names.kindergarten(f.kindergartenId) : undefined,
          age: f.age,
          search: !!f.q,
        },
        rows: queueListRows(groups, { ...names, category }),
      };
      const body = await file.make(data, lang);
      // Counts only: the rows are children's names.
      req.log.info({ by: actorId(principalOf(req)), format: ext, rows: data.rows.length }, 'district queue exported');
      const day = localParts(now).date;
      return reply
        .header('content-type', file.type)
        .header('content-disposition', `attachment; filename="district-queue-${day}-${lang}.${ext}"`)
        .header('cache-control', 'no-store')
        .send(body);
    };
    app.get(`/v1/district/queue.${ext}`, area('queue'), (req, reply) => handler(req.query, req, reply));
    app.post(`/v1/district/queue.${ext}`, queueRead, (req, reply) => handler(req.body, req, reply));
  }
}
