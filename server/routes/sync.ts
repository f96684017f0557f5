/** The device's sync calls: push, pull, number leases, and batch-file import. */
import type { FastifyInstance } from 'fastify';
import { LeaseRequestSchema, PushRequestSchema, SYNC_LIMITS, type PullResponse, type PushResponse } from '../../shared';
import { principalOf, type AppDeps } from '../http/context';
import { HttpError, zodIssues } from '../http/errors';
import { checkSender, ingest } from '../ingest/ingest';
import { parseCursor, pull } from '../pull/pull';
import { deviceLeases, leaseNumbers } from '../ingest/leases';
import { importBatch } from '../ingest/importFile';
import { rotateDeviceToken } from '../auth/deviceTokens';

export function registerSyncRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;

  app.post('/v1/push', { config: { auth: 'device' } }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'device') throw new HttpError(403, 'scope.deviceOnly');
    const body = req.body as { ops?: unknown } | undefined;
    if (Array.isArray(body?.ops) && body.ops.length > SYNC_LIMITS.maxOpsPerBatch) {
      throw new HttpError(413, 'batch.tooManyOps', { maxOps: SYNC_LIMITS.maxOpsPerBatch });
    }
    const parsed = PushRequestSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, 'body.invalid', { issues: zodIssues(parsed.error.issues) });
    checkSender(p.device, parsed.data.ops);
    const { acked, results } = await ingest(deps, p.device, parsed.data.ops, 'push');
    const res: PushResponse = { acked, results, serverTime: deps.now() };
    return res;
  });

  app.get('/v1/pull', { config: { auth: 'any' } }, async (req) => {
    const p = principalOf(req);
    const q = req.query as Record<string, string | undefined>;
    const cursor = parseCursor(q.cursor);
    if (cursor === null)
      throw new HttpError(400, 'body.invalid', {
        issues: [{ path: ['cursor'], message: 'expected the cursor from the previous pull' }],
      });
    const limit = q.limit === undefined ? SYNC_LIMITS.pullDefaultLimit : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > SYNC_LIMITS.pullMaxLimit) {
      throw new HttpError(400, 'body.invalid', {
        issues: [{ path: ['limit'], message: `1..${SYNC_LIMITS.pullMaxLimit}` }],
      });
    }
    if (q.own !== undefined && q.own !== 'skip' && q.own !== 'send') {
      throw new HttpError(400, 'body.invalid', { issues: [{ path: ['own'], message: 'skip | send' }] });
    }
    // A device's own records it is known to hold come back only when it asks (own=send, the default).
    const skipOwn = q.own === 'skip' && p.kind === 'device' ? p.device.id : null;
    const res: PullResponse = await pull(
      db,
      { officeId: p.officeId, district: p.district, skipOwn },
      cursor,
      limit,
      deps.now(),
    );
    // The last page ends a successful sync: the device gets its next token (see server/auth/deviceTokens.ts).
    if (p.kind === 'device' && !res.more) {
      const token = await rotateDeviceToken(db, p.device.id, p.tokenHash);
      if (token) res.token = token;
    }
    return res;
  });

  app.post('/v1/leases', { config: { auth: 'device' } }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'device') throw new HttpError(403, 'scope.deviceOnly');
    const parsed = LeaseRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw new HttpError(400, 'body.invalid', { issues: zodIssues(parsed.error.issues) });
    const { journal, year, size } = parsed.data;
    const lease = await leaseNumbers(db, p.officeId, p.device.id, journal, year, size);
    req.log.info({ deviceId: p.device.id, journal, year, from: lease.from, to: lease.to }, 'numbers leased');
    return lease;
  });

  app.get('/v1/leases', { config: { auth: 'device' } }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'device') throw new HttpError(403, 'scope.deviceOnly');
    return { leases: await deviceLeases(db, p.device.id) };
  });

  app.post('/v1/import', { config: { auth: 'district' }, bodyLimit: SYNC_LIMITS.importMaxBytes }, async (req) =>
    importBatch(deps, req.body, deps.serverKey),
  );
}
