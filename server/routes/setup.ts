/**
 * First-run setup over HTTP (the console's first screen): its status for
 * anyone, the setup itself only on an empty database and only from the server
 * machine (server/setup/district.ts says why).
 */
import type { FastifyInstance } from 'fastify';
import { DistrictSetupSchema } from '../../shared';
import type { AppDeps } from '../http/context';
import { HttpError, zodIssues } from '../http/errors';
import { SetupRefused, isLoopback, requestAddress, setupDistrict, setupStatus } from '../setup/district';

export function registerSetupRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;

  app.get('/v1/setup', { config: { auth: 'none' } }, async (req) => setupStatus(db, requestAddress(req)));

  app.post('/v1/setup', { config: { auth: 'none' } }, async (req, reply) => {
    const status = await setupStatus(db, requestAddress(req));
    if (!status.needsSetup) throw new HttpError(409, 'setup.done');
    if (!isLoopback(requestAddress(req))) throw new HttpError(403, 'setup.notAllowed');
    const parsed = DistrictSetupSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'body.invalid', { issues: zodIssues(parsed.error.issues) });
    try {
      const done = await setupDistrict(db, parsed.data, deps.now(), { actor: { staffId: null, name: 'console' } });
      // No login name or password in the log: the district office's id is enough to find the audit entry.
      req.log.info({ officeId: done.officeId }, 'district set up from the console');
      reply.code(201);
      return { ...(await setupStatus(db, requestAddress(req))), officeId: done.officeId, adminId: done.adminId };
    } catch (e) {
      if (e instanceof SetupRefused) throw new HttpError(409, 'setup.done');
      throw e;
    }
  });
}
