/**
 * Import of a signed batch file: the same ingest as a push, so replays change
 * nothing and files imported out of order wait in the backlog. Used by
 * POST /v1/import and by the import-batch CLI.
 */
import { BatchFileSchema, verifyBatchFile, type BatchFile, type ImportResponse } from '../../shared';
import type { SyncContext, Device } from '../store/context';
import { SyncError } from '../store/errors';
import { checkSender, ingest } from './ingest';
import type { ServerKey } from '../auth/serverKey';

export function parseBatch(raw: unknown): BatchFile {
  const r = BatchFileSchema.safeParse(raw);
  if (!r.success)
    throw new SyncError(
      400,
      'body.invalid',
      r.error.issues.slice(0, 50).map((i) => ({ path: i.path.map(String), message: i.message, code: i.code })),
    );
  return r.data;
}

/** `serverKey` opens the device's batch key, stored sealed (server/auth/serverKey.ts). */
export async function importBatch(ctx: SyncContext, raw: unknown, serverKey: ServerKey): Promise<ImportResponse> {
  const file = parseBatch(raw);
  const { rows } = await ctx.db.query(
    `SELECT d.id, d.kind, d.office_id, d.name, d.batch_key, d.revoked_at, o.type AS office_type FROM devices d JOIN offices o ON o.id = d.office_id WHERE d.id = $1`,
    [file.deviceId],
  );
  const row = rows[0];
  if (!row || row.kind !== 'device' || !row.batch_key)
    throw new SyncError(400, 'batch.unknownDevice', { deviceId: file.deviceId });
  const batchKey = serverKey.open(row.batch_key, row.id);
  if (batchKey === null) {
    // Not the file's fault: the database was sealed under another server key (moved without its key file?).
    ctx.log.error({ deviceId: row.id }, 'the batch key of this device cannot be opened with this server key');
    throw new SyncError(500, 'batch.keyUnavailable', { deviceId: row.id });
  }
  if (!(await verifyBatchFile(file, batchKey))) throw new SyncError(400, 'batch.badSignature');
  if (row.revoked_at) throw new SyncError(403, 'batch.deviceRevoked', { deviceId: file.deviceId });
  if (row.office_id !== file.officeId) throw new SyncError(403, 'scope.office', { officeId: file.officeId });
  const device: Device = {
    id: row.id,
    kind: 'device',
    officeId: row.office_id,
    name: row.name,
    district: row.office_type === 'districtEducation',
  };
  checkSender(device, file.ops);
  const { acked, results } = await ingest(ctx, device, file.ops, 'import');
  const seqs = file.ops.map((o) => o.deviceSeq);
  ctx.log.info({ deviceId: device.id, ops: file.ops.length, acked }, 'batch file imported');
  return {
    deviceId: device.id,
    deviceName: device.name,
    officeId: device.officeId,
    acked,
    results,
    serverTime: ctx.now(),
    file: { ops: file.ops.length, fromSeq: Math.min(...seqs), toSeq: Math.max(...seqs) },
  };
}
