/**
 * The console's directory: offices, staff accounts and kindergartens
 * (admin/directory.ts writes them as district ops, so desks pull them), and
 * the audit log of every administrative action. Each route names its area;
 * app.ts's hook checks the roles (any district role reads).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  IdSchema,
  KindergartenInputSchema,
  OfficeInputSchema,
  StaffInputSchema,
  type DistrictArea,
  type StaffAdmin,
} from '../../shared';
import { principalOf, type AppDeps } from '../http/context';
import { HttpError, zodIssues } from '../http/errors';
import { listAudit } from '../admin/audit';
import {
  closeOffice,
  listKindergartens,
  listOffices,
  listStaff,
  resetStaffPassword,
  saveKindergarten,
  saveOffice,
  saveStaff,
  setStaffActive,
  type DirectoryActor,
} from '../admin/directory';
import { writeTransaction } from '../store/transaction';
import type { Queryable } from '../db';

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

/** Who acts: the signed-in district staff member (changes are refused to devices by app.ts's hook). */
function actorOf(req: FastifyRequest): DirectoryActor {
  const p = principalOf(req);
  if (p.kind !== 'staff') throw new HttpError(403, 'scope.staffOnly');
  return { staffId: p.staffId, name: p.fullName };
}

const idParam = (req: FastifyRequest) => {
  const { id } = req.params as { id: string };
  if (!IdSchema.safeParse(id).success) throw new HttpError(404, 'notFound');
  return id;
};

export function registerDirectoryRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const area = (a: DistrictArea) => ({ config: { auth: 'district' as const, area: a } });
  const tx = <T>(fn: (t: Queryable) => Promise<T>) => writeTransaction(db, fn);
  const staffRow = async (id: string): Promise<StaffAdmin> => {
    const [s] = await listStaff(db, { id });
    if (!s) throw new HttpError(404, 'notFound');
    return s;
  };
  const officeRow = async (id: string) => (await listOffices(db)).find((o) => o.id === id) ?? null;

  // --- offices ---
  app.get('/v1/district/offices', area('offices'), async () => ({ offices: await listOffices(db) }));

  app.post('/v1/district/offices', area('offices'), async (req) => {
    const input = parse(OfficeInputSchema, req.body);
    const r = await tx((t) => saveOffice(t, deps, actorOf(req), input));
    req.log.info({ officeId: r.id, outcome: r.outcome }, 'office saved');
    return { ...r, office: await officeRow(r.id) };
  });

  app.put('/v1/district/offices/:id', area('offices'), async (req) => {
    const id = idParam(req);
    const input = parse(OfficeInputSchema, req.body);
    const r = await tx((t) => saveOffice(t, deps, actorOf(req), input, id));
    req.log.info({ officeId: id, outcome: r.outcome }, 'office saved');
    return { ...r, office: await officeRow(id) };
  });

  app.post('/v1/district/offices/:id/close', area('offices'), async (req) => {
    const id = idParam(req);
    const r = await tx((t) => closeOffice(t, deps, actorOf(req), id));
    req.log.info({ officeId: id, outcome: r.outcome }, 'office closed');
    return { ...r, office: await officeRow(id) };
  });

  // --- staff ---
  app.get('/v1/district/staff', area('accounts'), async (req) => {
    const { officeId } = req.query as { officeId?: string };
    return listStaff(db, officeId ? { officeId } : {});
  });

  app.post('/v1/district/staff', area('accounts'), async (req) => {
    const input = parse(StaffInputSchema, req.body);
    const r = await tx((t) => saveStaff(t, deps, actorOf(req), input));
    req.log.info({ staffId: r.id, outcome: r.outcome }, 'staff account created');
    // The one-time password is answered once and kept only hashed.
    return { outcome: r.outcome, staff: await staffRow(r.id), oneTimePassword: r.oneTimePassword };
  });

  app.put('/v1/district/staff/:id', area('accounts'), async (req) => {
    const id = idParam(req);
    const input = parse(StaffInputSchema, req.body);
    const actor = actorOf(req);
    // An administrator cannot lock themselves out (another administrator can change their account).
    if (id === actor.staffId && !input.roles.includes('admin')) throw new HttpError(409, 'staff.selfLockout');
    const r = await tx((t) => saveStaff(t, deps, actor, input, id));
    req.log.info({ staffId: id, outcome: r.outcome }, 'staff account saved');
    return staffRow(id);
  });

  for (const [action, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app.post(`/v1/district/staff/:id/${action}`, area('accounts'), async (req) => {
      const id = idParam(req);
      const actor = actorOf(req);
      if (!active && id === actor.staffId) throw new HttpError(409, 'staff.selfLockout');
      const outcome = await tx((t) => setStaffActive(t, deps, actor, id, active));
      req.log.info({ staffId: id, outcome }, `staff account ${action}d`);
      return staffRow(id);
    });
  }

  app.post('/v1/district/staff/:id/reset-password', area('accounts'), async (req) => {
    const id = idParam(req);
    const r = await tx((t) => resetStaffPassword(t, deps, actorOf(req), id));
    req.log.info({ staffId: id }, 'staff password reset');
    return r;
  });

  // --- kindergartens ---
  app.get('/v1/district/kindergartens', area('kindergartens'), async () => ({
    kindergartens: await listKindergartens(db),
  }));

  const kindergartenRow = async (id: string) => (await listKindergartens(db)).find((k) => k.id === id) ?? null;

  app.post('/v1/district/kindergartens', area('kindergartens'), async (req) => {
    const input = parse(KindergartenInputSchema, req.body);
    const r = await tx((t) => saveKindergarten(t, deps, actorOf(req), input));
    req.log.info({ kindergartenId: r.id, outcome: r.outcome }, 'kindergarten saved');
    return { ...r, kindergarten: await kindergartenRow(r.id) };
  });

  app.put('/v1/district/kindergartens/:id', area('kindergartens'), async (req) => {
    const id = idParam(req);
    const input = parse(KindergartenInputSchema, req.body);
    const r = await tx((t) => saveKindergarten(t, deps, actorOf(req), input, id));
    req.log.info({ kindergartenId: id, outcome: r.outcome }, 'kindergarten saved');
    return { ...r, kindergarten: await kindergartenRow(id) };
  });

  // --- audit (any district role reads it) ---
  app.get('/v1/district/audit', { config: { auth: 'district' as const } }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const before = q.before && /^\d{1,15}$/.test(q.before) ? Number(q.before) : undefined;
    const limit = q.limit && /^\d{1,4}$/.test(q.limit) ? Number(q.limit) : undefined;
    for (const k of ['from', 'to'] as const)
      if (q[k] && Number.isNaN(Date.parse(q[k])))
        throw new HttpError(400, 'body.invalid', { issues: [{ path: [k], message: 'an ISO instant' }] });
    return {
      entries: await listAudit(db, {
        action: q.action,
        actorId: q.actorId,
        target: q.target,
        from: q.from,
        to: q.to,
        before,
        limit,
      }),
    };
  });
}
