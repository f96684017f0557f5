/**
 * The Fastify application: protocol-version gate, bearer authentication,
 * gzip request bodies, size limits and uniform error answers. Routes live in
 * server/routes/ and are registered here; what they share with this file
 * (AppDeps, Principal, principalOf) is in ./context.ts, so no route imports
 * this one.
 */
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import {
  MIN_PROTOCOL_VERSION,
  DESK_HEADERS,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SYNC_LIMITS,
  mayChangeDistrict,
  mayReadDistrict,
} from '../../shared';
import type { Db } from '../db';
import { SyncError } from '../store/errors';
import { pgCode } from '../store/transaction';
import { bearer, sha256 } from '../auth/tokens';
import { authenticateDevice, retiredTokenOwner } from '../auth/deviceTokens';
import { districtSession } from '../admin/accounts';
import type { AppDeps, AuthLevel, Principal } from './context';
import { HttpError, errorBody } from './errors';
import { safeErr, safeReq } from './logging';
import { CONSOLE_COOKIE, CONSOLE_CSRF_HEADER, readCookie } from './cookies';
import { registerPublicRoutes } from '../routes/public';
import { registerSyncRoutes } from '../routes/sync';
import { registerDistrictRoutes } from '../routes/district';
import { registerImportRoutes } from '../routes/districtImport';
import { registerConsoleRoutes } from '../routes/console';
import { registerReportRoutes } from '../routes/reports';
import { registerReportTextRoutes } from '../routes/reportTexts';
import { registerDirectoryRoutes } from '../routes/directory';
import { registerSetupRoutes } from '../routes/setup';
import { registerConsoleStatic } from './consoleStatic';

/** The desktop app's origin (electron/constants.ts APP_ORIGIN): always allowed to call. */
export const DESKTOP_ORIGIN = 'app://akimat';

type Authenticated = Principal | { refused: 'invalid' | 'expired' | 'revoked'; retiredDeviceId?: string };

/** The console's cookie names a district staff session only (never a device token). */
async function authenticateSession(db: Db, token: string, viaCookie: boolean): Promise<Authenticated | null> {
  const hash = sha256(token);
  const staff = await districtSession(db, hash);
  if (staff === 'disabled') return { refused: 'invalid' };
  if (!staff) return null;
  const { expiresAt: _e, login: _l, ...who } = staff;
  return { kind: 'staff', ...who, district: true, sessionHash: hash, viaCookie };
}

async function authenticate(db: Db, token: string): Promise<Authenticated> {
  const hash = sha256(token);
  const dev = await authenticateDevice(db, hash);
  if (dev) {
    // A revoked laptop is told so (auth.revoked): it locks its sync and keeps its unsent work (renderer/sync/engine.ts).
    if (!dev.ok) return { refused: dev.reason, ...(dev.reason === 'revoked' ? { retiredDeviceId: dev.deviceId } : {}) };
    return {
      kind: 'device',
      device: dev.device,
      officeId: dev.device.officeId,
      district: dev.device.district,
      tokenHash: hash,
    };
  }
  const staff = await authenticateSession(db, token, false);
  if (staff) return staff;
  return { refused: 'invalid', retiredDeviceId: (await retiredTokenOwner(db, hash)) ?? undefined };
}

/**
 * Origins whose pages may call the server: the desktop app's and those the
 * district configures (CORS_ORIGINS, the corsOrigins option: web mode, a
 * district portal), written scheme://host[:port] as browsers send them.
 */
export function corsOriginSet(extra: string[] = []): Set<string> {
  const out = new Set([DESKTOP_ORIGIN]);
  for (const raw of extra) {
    const o = raw.trim().replace(/\/+$/, '').toLowerCase();
    if (!o) continue;
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+$/.test(o))
      throw new Error(`CORS origin "${raw}" is not scheme://host[:port]`);
    out.add(o);
  }
  return out;
}

export async function buildApp(
  base: Omit<AppDeps, 'log'>,
  opts: {
    logger: boolean | Record<string, unknown>;
    /** PEM key and certificate: HTTPS (server/tls). */ https?: { key: string; cert: string } | null;
    /** Origins allowed besides the desktop app's (see corsOriginSet). */
    corsOrigins?: string[];
    /** The built console (console.html and assets; default CONSOLE_DIR, else <repo>/dist), served at /console/. */
    consoleDir?: string;
  },
): Promise<FastifyInstance> {
  const app = Fastify({
    // Errors are logged by kind and code only (http/logging.ts): their messages may carry personal data.
    logger:
      opts.logger === false
        ? false
        : {
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            serializers: { err: safeErr as never, req: safeReq as never },
            ...(opts.logger === true ? {} : opts.logger),
          },
    bodyLimit: SYNC_LIMITS.maxBatchBytes,
    // electron-updater asks for up to a thousand byte ranges in one header (server/routes/updates.ts).
    // With TLS (server/tls) the limit goes with the key and certificate. Typed as the http variant: Fastify's
    // types tie the instance to one server kind, and the routes are the same over both.
    ...((opts.https ? { https: { ...opts.https, maxHeaderSize: 65_536 } } : { http: { maxHeaderSize: 65_536 } }) as {
      http: { maxHeaderSize: number };
    }),
    // Stop reading idle keep-alive sockets at once on close; in-flight requests finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  // The sync engine logs through Fastify's logger (pino): one JSON stream.
  const deps: AppDeps = { ...base, log: app.log };

  // Gzip bodies: the byte limit is applied to the decompressed stream (a bomb is a 413).
  app.addHook('preParsing', async (req, _reply, payload) => {
    const enc = String(req.headers['content-encoding'] ?? 'identity')
      .toLowerCase()
      .trim();
    if (enc === 'identity' || enc === '') return payload;
    if (enc !== 'gzip') throw new HttpError(415, 'body.encoding', { encoding: enc });
    const gunzip = createGunzip();
    const out = gunzip as unknown as Readable & { receivedEncodedLength: number };
    out.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      out.receivedEncodedLength += chunk.length;
    });
    payload.on('error', (e) => gunzip.destroy(e));
    payload.pipe(gunzip);
    // Decoded here, with the byte cap: the compression plugin below must see a plain body.
    delete req.headers['content-encoding'];
    return out;
  });

  // The desk calls from another origin (app://akimat in Electron, the web-mode
  // page in a browser). Only the desk's origins and those the district
  // configured may read answers: a page elsewhere (one that got hold of a
  // token, or tries passwords from its visitors' browsers) gets no CORS
  // headers and its preflight is refused. A day-long preflight cache saves a
  // 500 ms round trip per request on EDGE links.
  const origins = corsOriginSet(opts.corsOrigins);
  const allowedOrigin = (req: FastifyRequest) => {
    const o = req.headers.origin;
    return typeof o === 'string' && origins.has(o.toLowerCase()) ? o : null;
  };
  app.addHook('onSend', async (req, reply) => {
    if (!req.headers.origin) return;
    // Added to, not replaced: the compression plugin varies by accept-encoding too.
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${String(vary)}, origin` : 'origin');
    const o = allowedOrigin(req);
    if (o) {
      reply.header('access-control-allow-origin', o);
      reply.header('access-control-expose-headers', 'content-length');
    }
  });

  // No answer may be kept by a cache: pull pages and the district's lists carry children's IINs
  // and names, and a browser's HTTP cache is a folder of plain files on the laptop (issue #11).
  // Errors and preflights too. Only the update feed's files (no personal data) set their own.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/v1/') || !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'OPTIONS' && req.headers.origin) {
      if (!allowedOrigin(req)) return reply.code(403).send(errorBody('cors.origin'));
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, PUT, OPTIONS')
        .header(
          'access-control-allow-headers',
          `authorization, content-type, content-encoding, ${PROTOCOL_HEADER}, ${DESK_HEADERS.join(', ')}`,
        )
        .header('access-control-max-age', '86400')
        .send();
    }
    if (!req.url.startsWith('/v1/')) return;
    // The version gate comes first: an outdated app is told to update, whatever else is wrong.
    const raw = req.headers[PROTOCOL_HEADER];
    const v = Number(Array.isArray(raw) ? raw[0] : raw);
    if (!Number.isInteger(v) || v < MIN_PROTOCOL_VERSION) {
      throw new HttpError(426, 'protocol.outdated', {
        minVersion: MIN_PROTOCOL_VERSION,
        currentVersion: PROTOCOL_VERSION,
      });
    }
    if (v > PROTOCOL_VERSION)
      throw new HttpError(426, 'protocol.serverOutdated', {
        minVersion: MIN_PROTOCOL_VERSION,
        currentVersion: PROTOCOL_VERSION,
      });
    const level: AuthLevel = req.routeOptions.config?.auth ?? 'any';
    if (level === 'none') return;
    const token = bearer(req.headers.authorization);
    // Without a bearer token, the console's session cookie (routes/console.ts); a bearer token wins when both come.
    const cookie = token ? null : readCookie(req.headers.cookie, CONSOLE_COOKIE);
    let p: Authenticated;
    if (token) p = await authenticate(deps.db, token);
    else if (cookie) p = (await authenticateSession(deps.db, cookie, true)) ?? { refused: 'invalid' };
    else throw new HttpError(401, 'auth.required');
    if ('refused' in p) {
      // The device id only: a token pushed out of use came back (a copy, or a laptop restored from an old backup).
      if (p.retiredDeviceId)
        req.log.warn({ deviceId: p.retiredDeviceId }, 'a replaced or revoked device token was presented');
      throw new HttpError(401, p.refused === 'invalid' ? 'auth.invalid' : `auth.${p.refused}`);
    }
    const reading = req.method === 'GET' || req.method === 'HEAD';
    // A browser sends the cookie with any request to this server, a form another page submits included
    // (SameSite=Strict stops that in today's browsers); a page cannot add a custom header cross-origin without
    // a CORS preflight this server refuses, so the header proves the request comes from the console itself.
    if (p.kind === 'staff' && p.viaCookie && !reading && req.headers[CONSOLE_CSRF_HEADER] !== '1')
      throw new HttpError(403, 'csrf.header');
    if (level === 'device' && p.kind !== 'device') throw new HttpError(403, 'scope.deviceOnly');
    if (level === 'district' && !p.district) throw new HttpError(403, 'scope.district');
    if (p.kind === 'staff' && p.mustChangePassword && !req.routeOptions.config?.beforePasswordChange)
      throw new HttpError(403, 'password.mustChange');
    if (level === 'district') {
      const area = req.routeOptions.config?.area;
      if (p.kind === 'staff') {
        // Every district role reads every area; a change needs a role of the route's area (shared/district/admin.ts).
        const reads = reading || req.routeOptions.config?.readsOnly === true;
        const allowed = reads || !area ? mayReadDistrict(p.roles) : mayChangeDistrict(p.roles, area);
        if (!allowed) throw new HttpError(403, 'scope.role', area ? { area } : {});
      } else if (!reading && area && !req.routeOptions.config?.readsOnly) {
        // The district office's laptops read the console's lists; changes there are made by a person signed in.
        // Routes without an area (a batch file brought on a stick, /v1/import) stay open to those laptops.
        throw new HttpError(403, 'scope.staffOnly');
      }
    }
    req.principal = p;
  });

  app.setErrorHandler((thrown: unknown, req, reply) => {
    if (thrown instanceof HttpError || thrown instanceof SyncError) {
      const err = thrown;
      const extra =
        err instanceof HttpError
          ? err.extra
          : err.detail !== undefined
            ? err.code === 'body.invalid' || err.code === 'validation'
              ? { issues: err.detail }
              : { detail: err.detail }
            : {};
      if (err.status >= 500) req.log.error({ err }, 'request failed');
      return reply.code(err.status).send(errorBody(err.code, extra));
    }
    // Fastify's own errors (body too large, wrong content type, schema validation) say what went wrong in these fields.
    const err: { statusCode?: unknown; code?: unknown; message?: unknown; validation?: unknown } =
      typeof thrown === 'object' && thrown !== null ? thrown : {};
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply
        .code(413)
        .send(errorBody('body.tooLarge', { limitBytes: req.routeOptions.bodyLimit ?? SYNC_LIMITS.maxBatchBytes }));
    if (status === 415) return reply.code(415).send(errorBody('body.encoding', { detail: err.message }));
    if (err.validation) return reply.code(400).send(errorBody('body.invalid', { detail: err.message }));
    if (status >= 400 && status < 500)
      return reply.code(status).send(errorBody('body.invalid', { detail: err.message }));
    // A unique index caught what a check before the write missed (a write raced it): the request
    // changed nothing (its transaction rolled back) and is a conflict, not a fault of the server.
    if (pgCode(thrown) === '23505') return reply.code(409).send(errorBody('record.duplicate'));
    req.log.error({ err: thrown }, 'request failed');
    return reply.code(500).send(errorBody('server.error'));
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody('notFound', { path: req.url.split('?')[0] })));

  // Answers are gzipped for clients that accept it (the desk's fetch always does): a pull page of
  // 200 full records shrinks ~12x, the difference between 20 s and 2 s on a 64 kbit/s EDGE link.
  // Request bodies are decoded by the hook above (with its decompressed byte cap), not by the plugin.
  await app.register(compress, { global: true, threshold: 2048, encodings: ['gzip'], requestEncodings: ['identity'] });
  registerPublicRoutes(app, deps);
  registerSyncRoutes(app, deps);
  registerDistrictRoutes(app, deps);
  registerConsoleRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerReportTextRoutes(app, deps);
  registerDirectoryRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerSetupRoutes(app, deps);
  registerConsoleStatic(app, { dir: opts.consoleDir });
  return app;
}
