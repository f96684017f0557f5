/** The device's sync calls: push, pull, number leases, and batch-file import. */
import type { FastifyInstance } from 'fastify';
import { LeaseRequestSchema, PushRequestSchema, SYNC_LIMITS, type PushResponse } from '../../shared';
import { principalOf, type AppDeps } from '../http/context';
import { HttpError, zodIssues } from '../http/errors';
import { checkSender, ingest } from '../ingest/ingest';
import { QUEUE_TAG, parseCursor, pull, pullText, type PullPage } from '../pull/pull';
import { deviceLeases, leaseNumbers, numbersWarnPercent } from '../ingest/leases';
import { importBatch } from '../ingest/importFile';
import { finishDrain, rotateDeviceToken } from '../auth/deviceTokens';
import { deskReport, noteDeskReport, noteFullSync, type DeskReport } from '../admin/devices';
import type { Device } from '../store/context';

/**
 * A device revoked with "take what it has, then stop" that says nothing is
 * left in its outbox has given everything: it is revoked now, and this
 * request is refused as any later one will be (401 auth.revoked: the desk
 * locks its sync and keeps its data).
 */
async function drainEnds(deps: AppDeps, device: Device, report: DeskReport): Promise<void> {
  if (!device.draining || report.outbox !== 0) return;
  if (await finishDrain(deps.db, device.id)) deps.log.warn({ deviceId: device.id }, 'drained device revoked');
  throw new HttpError(401, 'auth.revoked');
}

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
    const report = deskReport(req.headers);
    await noteDeskReport(db, p.device.id, report, null);
    checkSender(p.device, parsed.data.ops);
    const { acked, results } = await ingest(deps, p.device, parsed.data.ops, 'push');
    // Draining: when this push took every op the laptop had waiting (its outbox counted them at sending),
    // it is revoked now; the answer still goes back, so the laptop marks them sent, and its next request is refused.
    const ops = parsed.data.ops;
    if (
      p.device.draining &&
      report.outbox !== undefined &&
      ops.length &&
      acked >= Math.max(...ops.map((o) => o.deviceSeq))
    ) {
      const taken = ops.filter((o) => o.deviceSeq <= acked).length;
      if (report.outbox <= taken && (await finishDrain(db, p.device.id)))
        req.log.warn({ deviceId: p.device.id }, 'drained device revoked');
    }
    const res: PushResponse = { acked, results, serverTime: deps.now() };
    return res;
  });

  app.get('/v1/pull', { config: { auth: 'any' } }, async (req, reply) => {
    const p = principalOf(req);
    const report = p.kind === 'device' ? deskReport(req.headers) : {};
    if (p.kind === 'device') {
      await drainEnds(deps, p.device, report);
      // When the request arrived, by the server's clock (the handler runs a moment after).
      await noteDeskReport(db, p.device.id, report, Date.parse(deps.now()) - reply.elapsedTime);
    }
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
    if (q.queue !== undefined && !QUEUE_TAG.test(q.queue)) {
      throw new HttpError(400, 'body.invalid', { issues: [{ path: ['queue'], message: 'the tag of the last queue' }] });
    }
    // A device's own records it is known to hold come back only when it asks (own=send, the default).
    const skipOwn = q.own === 'skip' && p.kind === 'device' ? p.device.id : null;
    const res: PullPage = await pull(
      db,
      { officeId: p.officeId, district: p.district, skipOwn },
      cursor,
      limit,
      deps.now(),
      q.queue,
    );
    // The last page ends a successful sync: the device gets its next token (see server/auth/deviceTokens.ts).
    if (p.kind === 'device' && !res.more) {
      const token = await rotateDeviceToken(db, p.device.id, p.tokenHash);
      if (token) res.token = token;
      res.numbersWarnPercent = await numbersWarnPercent(db);
      // The end of the changes, with nothing left to send (it pushes before it pulls): a full sync.
      if (report.outbox === 0) await noteFullSync(db, p.device.id);
    }
    return reply.type('application/json; charset=utf-8').send(pullText(res));
  });

  app.post('/v1/leases', { config: { auth: 'device' } }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'device') throw new HttpError(403, 'scope.deviceOnly');
    const parsed = LeaseRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw new HttpError(400, 'body.invalid', { issues: zodIssues(parsed.error.issues) });
    const { journal, year, size } = parsed.data;
    const report = deskReport(req.headers);
    await drainEnds(deps, p.device, report);
    await noteDeskReport(db, p.device.id, report, null);
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
