/**
 * The district console's session: one sign-in in a browser that survives a
 * reload, kept in an HttpOnly cookie (http/cookies.ts) naming a district
 * session (the same sessions as the desk's district tab, admin/accounts.ts),
 * and the change of one's own password (a one-time password must be changed
 * before anything else: app.ts answers 403 password.mustChange elsewhere).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hashPassword, mayReadDistrict, passwordProblem, verifyPassword } from '../../shared';
import { principalOf, type AppDeps } from '../http/context';
import { HttpError, zodIssues } from '../http/errors';
import { CONSOLE_COOKIE, CONSOLE_CSRF_HEADER, readCookie, sessionCookie } from '../http/cookies';
import { sha256 } from '../auth/tokens';
import { consoleSession, endDistrictSessions, openDistrictSession, staffPasswordHash } from '../admin/accounts';
import { setOwnPassword } from '../admin/directory';
import { writeTransaction } from '../store/transaction';
import { districtSignIn } from './districtSignIn';

const PasswordChangeSchema = z.object({ current: z.string().min(1).max(200), next: z.string().min(1).max(200) });

function staffOf(req: FastifyRequest) {
  const p = principalOf(req);
  if (p.kind !== 'staff') throw new HttpError(403, 'scope.staffOnly');
  return p;
}

export function registerConsoleRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  // The session and password calls stay open to a session that must change its password first.
  const signedIn = { config: { auth: 'district' as const, beforePasswordChange: true } };

  app.post('/v1/console/session', { config: { auth: 'none' } }, async (req, reply: FastifyReply) => {
    // The same checks and limits as the desk's district sign-in: one counter per login and address.
    const s = await districtSignIn(req, reply, deps, 'console sign-in failed');
    // Staff of the district office without a district role (an executor) have nothing to do in the console.
    if (!mayReadDistrict(s.roles)) throw new HttpError(403, 'scope.role');
    const { token, expiresAt } = await openDistrictSession(db, s.id);
    const session = await consoleSession(db, sha256(token));
    if (!session) throw new HttpError(500, 'server.error');
    reply.header('set-cookie', sessionCookie(token, (Date.parse(expiresAt) - Date.now()) / 1000));
    req.log.info({ staffId: s.id }, 'console signed in');
    return session;
  });

  app.get('/v1/console/session', signedIn, async (req) => {
    const p = staffOf(req);
    const session = await consoleSession(db, p.sessionHash);
    if (!session) throw new HttpError(401, 'auth.invalid');
    return session;
  });

  // Signing out clears the cookie whatever state the session is in (expired, ended elsewhere).
  app.delete('/v1/console/session', { config: { auth: 'none' } }, async (req, reply) => {
    const token = readCookie(req.headers.cookie, CONSOLE_COOKIE);
    if (token) {
      if (req.headers[CONSOLE_CSRF_HEADER] !== '1') throw new HttpError(403, 'csrf.header');
      await endDistrictSessions(db, { sessionHash: sha256(token) });
    }
    reply.header('set-cookie', sessionCookie('', 0));
    return { signedOut: true };
  });

  app.post('/v1/console/password', signedIn, async (req) => {
    const p = staffOf(req);
    const body = PasswordChangeSchema.safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'body.invalid', { issues: zodIssues(body.error.issues) });
    const { current, next } = body.data;
    const stored = await staffPasswordHash(db, p.staffId);
    if (!stored || !(await verifyPassword(current, stored))) throw new HttpError(403, 'password.currentWrong');
    const problem = passwordProblem(next);
    if (problem) throw new HttpError(400, problem);
    if (next === current) throw new HttpError(400, 'password.same');
    const hash = await hashPassword(next, deps.passwordIterations);
    // A district op: the district office's laptops receive the new hash with their next pull.
    await writeTransaction(db, (tx) => setOwnPassword(tx, deps, { staffId: p.staffId, name: p.fullName }, hash));
    req.log.info({ staffId: p.staffId }, 'own password changed');
    return { changed: true };
  });
}
