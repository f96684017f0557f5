/**
 * What a route handler is given: the server's dependencies (AppDeps), who sent
 * the request (Principal, set by app.ts's bearer hook) and the access level a
 * route declares. Its own module so that routes and the app both import it:
 * app.ts registers the routes, and no route imports app.ts (that was a
 * circle; tests/unit/layers.test.ts keeps it broken).
 */
import type { FastifyRequest } from 'fastify';
import type { DistrictArea, Role } from '../../shared';
import type { Device, SyncContext } from '../store/context';
import type { ServerKey } from '../auth/serverKey';
import type { SignInLimits } from '../auth/signInLimits';
import { HttpError } from './errors';

export type Principal =
  // tokenHash / sessionHash: the credential this request came with (token rotation, sign-out).
  | { kind: 'device'; device: Device; officeId: string; district: boolean; tokenHash: string }
  | {
      kind: 'staff';
      staffId: string;
      fullName: string;
      officeId: string;
      district: true;
      sessionHash: string;
      /** The account's roles: district routes check them against their area (shared/district/admin.ts). */
      roles: Role[];
      /** A one-time password still in use: only changing it is allowed (403 password.mustChange). */
      mustChangePassword: boolean;
      /** Signed in by the console's cookie (state-changing calls then need the CSRF header), not a bearer token. */
      viaCookie: boolean;
    };

/** none: open; any: device or district staff; device: an enrolled device; district: district scope. */
export type AuthLevel = 'none' | 'any' | 'device' | 'district';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthLevel;
    /** A district route's area: reads need a district role, changes a role of this area (app.ts's hook). */
    area?: DistrictArea;
    /** Open to a session that must change its password first (the password and session calls). */
    beforePasswordChange?: boolean;
    /**
     * A POST that only reads (its filter carries personal data, a search by IIN or name, which
     * belongs in a body rather than a URL): its area's read rule applies, not the change rule.
     */
    readsOnly?: boolean;
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
  /** PBKDF2 iterations of the password hashes the server makes (one-time passwords, changed ones); default: shared's. */
  passwordIterations?: number;
  /** SHA-256 (hex) of the certificate desks pin: this server's or its TLS proxy's; null on plain HTTP. Codes carry its check group. */
  tlsFingerprint?: string | null;
};

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new HttpError(401, 'auth.required');
  return req.principal;
}
