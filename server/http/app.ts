/**
 * The Fastify application: protocol-version gate, bearer authentication,
 * gzip request bodies, size limits and uniform error answers. Routes live in
 * server/routes/.
 */
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import { MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_LIMITS } from '../../shared';
import type { Db } from '../db';
import type { Device, SyncContext } from '../sync/context';
import { SyncError } from '../sync/errors';
import { bearer, sha256 } from '../auth/tokens';
import { HttpError, errorBody } from './errors';
import { registerPublicRoutes } from '../routes/public';
import { registerSyncRoutes } from '../routes/sync';
import { registerDistrictRoutes } from '../routes/district';

export type Principal =
  | { kind: 'device'; device: Device; officeId: string; district: boolean }
  | { kind: 'staff'; staffId: string; fullName: string; officeId: string; district: true };

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
};

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new HttpError(401, 'auth.required');
  return req.principal;
}

async function authenticate(db: Db, token: string): Promise<Principal | null> {
  const hash = sha256(token);
  const dev = await db.query(
    `SELECT d.id, d.kind, d.office_id, d.name, d.revoked_at, o.type AS office_type FROM devices d JOIN offices o ON o.id = d.office_id WHERE d.token_hash = $1`,
    [hash],
  );
  if (dev.rows.length) {
    const r = dev.rows[0];
    if (r.revoked_at || r.kind !== 'device') return null;
    const district = r.office_type === 'districtEducation';
    return { kind: 'device', device: { id: r.id, kind: 'device', officeId: r.office_id, name: r.name, district }, officeId: r.office_id, district };
  }
  const ses = await db.query(
    `SELECT s.staff_id, st.data->>'fullName' AS full_name, st.office_id, st.active, o.type AS office_type
       FROM district_sessions s JOIN staff st ON st.id = s.staff_id JOIN offices o ON o.id = st.office_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [hash],
  );
  if (ses.rows.length) {
    const r = ses.rows[0];
    if (!r.active || r.office_type !== 'districtEducation') return null;
    return { kind: 'staff', staffId: r.staff_id, fullName: r.full_name, officeId: r.office_id, district: true };
  }
  return null;
}

export async function buildApp(base: Omit<AppDeps, 'log'>, opts: { logger: boolean | Record<string, unknown> }): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : { redact: ['req.headers.authorization'], ...(opts.logger === true ? {} : opts.logger) },
    bodyLimit: SYNC_LIMITS.maxBatchBytes,
    // electron-updater asks for up to a thousand byte ranges in one header (server/updates.ts).
    http: { maxHeaderSize: 65_536 },
    // Stop reading idle keep-alive sockets at once on close; in-flight requests finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  // The sync engine logs through Fastify's logger (pino): one JSON stream.
  const deps: AppDeps = { ...base, log: app.log };

  // Gzip bodies: the byte limit is applied to the decompressed stream (a bomb is a 413).
  app.addHook('preParsing', async (req, _reply, payload) => {
    const enc = String(req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
    if (enc === 'identity' || enc === '') return payload;
    if (enc !== 'gzip') throw new HttpError(415, 'body.encoding', { encoding: enc });
    const gunzip = createGunzip();
    const out = gunzip as unknown as Readable & { receivedEncodedLength: number };
    out.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => { out.receivedEncodedLength += chunk.length; });
    payload.on('error', (e) => gunzip.destroy(e));
    payload.pipe(gunzip);
    // Decoded here, with the byte cap: the compression plugin below must see a plain body.
    delete req.headers['content-encoding'];
    return out;
  });

  // The desk calls from another origin (app://akimat in Electron, the web-mode
  // page in a browser). Credentials are bearer tokens, never cookies, so any
  // origin may call; a day-long preflight cache saves a 500 ms round trip per
  // request on EDGE links.
  app.addHook('onSend', async (req, reply) => {
    if (req.headers.origin) {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-expose-headers', 'content-length');
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'OPTIONS' && req.headers.origin) {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, PUT, OPTIONS')
        .header('access-control-allow-headers', `authorization, content-type, content-encoding, ${PROTOCOL_HEADER}`)
        .header('access-control-max-age', '86400')
        .send();
    }
    if (!req.url.startsWith('/v1/')) return;
    // The version gate comes first: an outdated app is told to update, whatever else is wrong.
    const raw = req.headers[PROTOCOL_HEADER];
    const v = Number(Array.isArray(raw) ? raw[0] : raw);
    if (!Number.isInteger(v) || v < MIN_PROTOCOL_VERSION) {
      throw new HttpError(426, 'protocol.outdated', { minVersion: MIN_PROTOCOL_VERSION, currentVersion: PROTOCOL_VERSION });
    }
    if (v > PROTOCOL_VERSION) throw new HttpError(426, 'protocol.serverOutdated', { minVersion: MIN_PROTOCOL_VERSION, currentVersion: PROTOCOL_VERSION });
    const level: AuthLevel = req.routeOptions.config?.auth ?? 'any';
    if (level === 'none') return;
    const token = bearer(req.headers.authorization);
    if (!token) throw new HttpError(401, 'auth.required');
    const p = await authenticate(deps.db, token);
    if (!p) throw new HttpError(401, 'auth.invalid');
    if (level === 'device' && p.kind !== 'device') throw new HttpError(403, 'scope.deviceOnly');
    if (level === 'district' && !p.district) throw new HttpError(403, 'scope.district');
    req.principal = p;
  });

  app.setErrorHandler((err: any, req, reply) => {
    if (err instanceof HttpError || err instanceof SyncError) {
      const extra = err instanceof HttpError ? err.extra : err.detail !== undefined ? (err.code === 'body.invalid' || err.code === 'validation' ? { issues: err.detail } : { detail: err.detail }) : {};
      if (err.status >= 500) req.log.error({ err }, 'request failed');
      return reply.code(err.status).send(errorBody(err.code, extra));
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(errorBody('body.tooLarge', { limitBytes: req.routeOptions.bodyLimit ?? SYNC_LIMITS.maxBatchBytes }));
    if (status === 415) return reply.code(415).send(errorBody('body.encoding', { detail: err.message }));
    if (err.validation) return reply.code(400).send(errorBody('body.invalid', { detail: err.message }));
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody('body.invalid', { detail: err.message }));
    req.log.error({ err }, 'request failed');
    return reply.code(500).send(errorBody('server.error'));
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody('notFound', { path: req.url.split('?')[0] })));

  // Answers are gzipped for clients that accept it (the desk's fetch always does): a pull page of
  // 200 full records shrinks ~12x, the difference between 20 s and 2 s on a 64 kbit/s EDGE link.
  // Request bodies are decoded by the hook above (with its decompressed byte cap), not by the plugin.
  await app.register(compress, { global: true, threshold: 2048, encodings: ['gzip'], requestEncodings: ['identity'] });
  // Only the calls made without a credential are limited (sign-in and enrolment: see
  // routes/public.ts); a village's sync must never be turned away for being busy.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => new HttpError(429, 'auth.tooManyAttempts', { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }),
  });
  registerPublicRoutes(app, deps);
  registerSyncRoutes(app, deps);
  registerDistrictRoutes(app, deps);
  return app;
}
