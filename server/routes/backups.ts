/**
 * The district's backups in the console: their list, the last error and the
 * newest restore check for any district role; a backup (with its restore
 * check) now for the administrator, written to the audit log. Registered by
 * main.ts, which owns the backup service (its schedule lives as long as the
 * server), rather than by http/app.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { BackupStatus } from '../../shared';
import type { AppDeps } from '../http/context';
import { principalOf } from '../http/context';
import { HttpError } from '../http/errors';
import { audit, type AuditActor } from '../admin/audit';
import type { BackupService } from '../backup/schedule';

export function registerBackupRoutes(app: FastifyInstance, deps: Pick<AppDeps, 'db'>, service: BackupService): void {
  app.get('/v1/district/backups', { config: { auth: 'district', area: 'backups' } }, async () => {
    const status: BackupStatus = await service.status();
    return status;
  });

  app.post('/v1/district/backups', { config: { auth: 'district', area: 'backups' } }, async (req) => {
    if (!service.enabled) throw new HttpError(409, 'backup.notConfigured');
    const p = principalOf(req);
    const actor: AuditActor =
      p.kind === 'staff' ? { staffId: p.staffId, name: p.fullName } : { staffId: null, name: `device ${p.device.id}` };
    let run;
    try {
      run = await service.run();
    } catch {
      // The backup tool or the folder failed, not the request: the cause is in the server's log and
      // in the status's lastError.
      throw new HttpError(503, 'backup.failed');
    }
    await deps.db.transaction((tx) =>
      audit(tx, actor, {
        action: 'backup.run',
        target: run.backup.file,
        after: {
          bytes: run.backup.bytes,
          sha256: run.backup.sha256,
          removed: run.removed,
          restoreCheck: {
            ok: run.restoreCheck.ok,
            seconds: run.restoreCheck.seconds,
            problem: run.restoreCheck.problem,
          },
        },
      }),
    );
    return service.status();
  });
}
