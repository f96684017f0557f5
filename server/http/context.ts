/**
 * What a route handler is given: the server's dependencies (AppDeps), who sent
 * the request (Principal, set by app.ts's bearer hook) and the access level a
 * route declares. Its own module so that routes and the app both import it:
 * app.ts registers the routes, and no route imports app.ts (that was a
 * circle; tests/unit/layers.test.ts keeps it broken).
 */
import type { FastifyRequest } from 'fastify';
import type { Device, SyncContext } from '../store/context';
import type { ServerKey } from '../auth/serverKey';
import type { SignInLimits } from '../auth/signInLimits';
import { HttpError } from './errors';

export type Principal =
  // tokenHash / sessionHash: the credential this request came with (token rotation, sign-out).
  | { kind: 'device'; device: Device; officeId: string; district: boolean; tokenHash: string }
  | { kind: 'staff'; staffId: string; fullName: string; officeId: string; district: true; sessionHash: string };

/** none: open; any: device or district staff; device: an enrolled device; district: district scope. */
export type AuthLevel = 'none' | 'any' | 'device' | 'district';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthLevel;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export type AppDeps = SyncContext & {
  /** Re-reads the catalog after the district changed it. */
  reloadCatalog?: () => Promise<void>;
  version: string;
  migrations: () => string[];
  startedAt: number;
  /** Seals the devices' batch-file keys (server/auth/serverKey.ts). */
  serverKey: ServerKey;
  signInLimits: SignInLimits;
  /** SHA-256 (hex) of the certificate desks pin: this server's or its TLS proxy's; null on plain HTTP. Codes carry its check group. */
  tlsFingerprint?: string | null;
};

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new HttpError(401, 'auth.required');
  return req.principal;
}
