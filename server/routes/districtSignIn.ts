/**
 * A district staff member's sign-in, as the desk's district tab
 * (POST /v1/district/login) and the console (POST /v1/console/session) both
 * check it: the body, the demo's loopback rule, the per-login-and-address
 * limits, the password. Answers the account; each route opens its own session.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DistrictLoginRequestSchema } from '../../shared';
import type { AppDeps } from '../http/context';
import { HttpError, zodIssues } from '../http/errors';
import { admitSignIn, normaliseLogin, signInSucceeded } from '../auth/signInLimits';
import { checkDistrictPassword } from '../admin/accounts';
import { demoSignInRefused, requestAddress } from '../setup/district';

export async function districtSignIn(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: Pick<AppDeps, 'db' | 'signInLimits'>,
  /** What the server log says of a wrong password (which door it was). */
  failedMessage: string,
): Promise<NonNullable<Awaited<ReturnType<typeof checkDistrictPassword>>>> {
  const { db } = deps;
  const parsed = DistrictLoginRequestSchema.safeParse(req.body);
  if (!parsed.success) throw new HttpError(400, 'body.invalid', { issues: zodIssues(parsed.error.issues) });
  // The demo's published password works from the server machine only (server/setup/district.ts).
  if (await demoSignInRefused(db, requestAddress(req))) throw new HttpError(403, 'demo.loopbackOnly');
  const login = normaliseLogin(parsed.data.login);
  const admission = await admitSignIn(db, login, req.ip, deps.signInLimits);
  if (!admission.admitted) {
    // Even the right password waits: otherwise the lock would only slow the guesses down.
    reply.header('retry-after', String(admission.retryAfterSeconds));
    throw new HttpError(429, 'auth.tooManyAttempts', { retryAfterSeconds: admission.retryAfterSeconds });
  }
  const s = await checkDistrictPassword(db, login, parsed.data.password);
  if (!s) {
    // No login name in the log (it may be a password typed into the wrong field); the district sees locks in GET /v1/district/sign-in-locks.
    req.log.warn(failedMessage);
    throw new HttpError(401, 'login.invalid');
  }
  await signInSucceeded(db, login, req.ip);
  return s;
}
