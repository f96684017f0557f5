/** District reconciliation: devices and codes, conflicts, duplicates, backlog, quarantine, the queue. */
import type { FastifyInstance } from 'fastify';
import {
  EnrolmentCodeRequestSchema, ResolveConflictRequestSchema, ServiceEntrySchema, SetDuplicateStatusRequestSchema,
  type DeviceInfo, type DistrictQueue, type EnrolmentCodeResponse,
} from '../../shared';
import { principalOf, type AppDeps, type Principal } from '../http/app';
import { HttpError, zodIssues } from '../http/errors';
import { codeHash, newEnrolmentCode } from '../auth/tokens';
import { listBacklog, listConflicts, listDuplicates, listQuarantine, resolveConflict, setDuplicateStatus } from '../sync/district';
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
    const code = newEnrolmentCode();
    const ins = await db.query<{ expires_at: string }>(
      `INSERT INTO enrolment_codes (code_hash, office_id, created_by, note, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5)) RETURNING expires_at`,
      [codeHash(code), body.officeId, actorId(p), body.note ?? null, body.validHours],
    );
    req.log.info({ officeId: body.officeId, by: actorId(p) }, 'enrolment code issued');
    const res: EnrolmentCodeResponse = { code, officeId: body.officeId, expiresAt: ins.rows[0].expires_at };
    return res;
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
    const { rowCount } = await db.query(`UPDATE devices SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND kind = 'device'`, [id]);
    if (!rowCount) throw new HttpError(404, 'notFound', { deviceId: id });
    req.log.warn({ deviceId: id, by: actorId(p) }, 'device revoked');
    return { id, revoked: true };
  });

  app.get('/v1/district/backlog', district, async () => ({ devices: await listBacklog(db) }));

  app.get('/v1/district/quarantine', district, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    return { ops: await listQuarantine(db, { officeId: q.officeId, limit: intParam(q.limit), after: intParam(q.after) }) };
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
