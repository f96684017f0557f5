/**
 * Bulk import of offices, settlements, staff and kindergartens from the XLSX
 * template (server/admin/import): the template, a preview that writes
 * nothing, and the all-or-nothing apply. The file comes as the raw body
 * (content type XLSX_TYPE), at most MAX_FILE_BYTES.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ImportReport } from '../../shared';
import { principalOf, type AppDeps } from '../http/context';
import { HttpError } from '../http/errors';
import {
  MAX_FILE_BYTES,
  UnreadableWorkbook,
  WorkbookTooLarge,
  applyImport,
  importTemplate,
  previewImport,
} from '../admin/import/apply';
import type { DirectoryActor } from '../admin/directory';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file from the body: a Buffer when sent as XLSX_TYPE (the parser below), else a 415. */
function fileOf(req: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(req.body)) throw new HttpError(415, 'import.contentType', { expected: XLSX_TYPE });
  return req.body;
}

async function readable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    // A file that is not a workbook is the sender's problem, never a server error.
    if (e instanceof UnreadableWorkbook) throw new HttpError(400, 'import.unreadable');
    if (e instanceof WorkbookTooLarge) throw new HttpError(413, 'import.tooLarge');
    throw e;
  }
}

export function registerImportRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  // Raw bytes, capped: the workbook is read whole in memory by exceljs.
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  const route = { config: { auth: 'district' as const, area: 'import' as const }, bodyLimit: MAX_FILE_BYTES };
  const actorOf = (req: FastifyRequest): DirectoryActor => {
    const p = principalOf(req);
    return p.kind === 'staff'
      ? { staffId: p.staffId, name: p.fullName }
      : { staffId: null, name: `device:${p.device.id}` };
  };
  const ctx = { now: deps.now, passwordIterations: deps.passwordIterations };

  app.get('/v1/district/import/template.xlsx', { config: route.config }, async (_req, reply) => {
    const bytes = await importTemplate();
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', 'attachment; filename="akimat-import.xlsx"')
      .send(bytes);
  });

  app.post('/v1/district/import/preview', route, async (req) => {
    const r: ImportReport = await readable(() => previewImport(db, fileOf(req)));
    return r;
  });

  app.post('/v1/district/import/apply', route, async (req) => {
    const actor = actorOf(req);
    const r: ImportReport = await readable(() => applyImport(db, ctx, actor, fileOf(req)));
    // Counts only: names, logins and passwords stay out of the log.
    req.log.info(
      {
        by: actor.staffId,
        applied: r.applied,
        errors: r.errors.length,
        offices: r.offices,
        staff: r.staff,
        kindergartens: r.kindergartens,
      },
      'import',
    );
    return r;
  });
}
