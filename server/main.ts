/**
 * The district server. `npx tsx server/main.ts` runs it with the embedded
 * PGlite database in ./.data/server (DATA_DIR); DATABASE_URL=postgres://...
 * switches to PostgreSQL. On an empty database it creates a demo district and
 * logs the district sign-in and one-time enrolment codes.
 *
 * Env: PORT (8787), HOST (127.0.0.1), DATA_DIR, DATABASE_URL, DEMO (1; 0 skips
 * the demo district), LOG_LEVEL (info), UPDATES_DIR (serve the app's update
 * feed at /updates), SYNC_OPS_PER_TX (250: ops of a push applied per transaction).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { openDb, type Db } from './db';
import { migrate } from './db/migrate';
import { lockDataDir } from './db/lock';
import { buildApp } from './http/app';
import { DEMO_DISTRICT_LOGIN, DEMO_PASSWORD, ensureReferenceDocs, issueDemoCodes, seedDemoDistrict, type DemoCode } from './demo/seed';
import { loadCatalog } from './sync/reference';
import { registerUpdateRoutes } from './updates';
import type { Catalog } from '../shared';

export type ServerOptions = {
  port?: number;
  host?: string;
  /** PGlite folder; 'memory:' (or 'memory://') for a throwaway in-memory database. Ignored with databaseUrl. */
  dataDir?: string;
  databaseUrl?: string;
  /** Create the demo district on an empty database and print codes (default true). */
  demo?: boolean;
  /** false: silent; true or pino options: JSON logs on stdout. */
  logger?: boolean | Record<string, unknown>;
  /** Folder with the desktop app's update feed (latest.yml, installers, blockmaps), served at /updates. */
  updatesDir?: string;
  /** PBKDF2 iterations for demo passwords (tests lower it to the schema's minimum). */
  passwordIterations?: number;
  /** Ops of a push applied per transaction (SYNC_OPS_PER_TX; default 250). */
  opsPerTransaction?: number;
  now?: () => string;
};

export type RunningServer = {
  url: string;
  port: number;
  host: string;
  app: FastifyInstance;
  db: Db;
  demo: { districtLogin: string; password: string; codes: DemoCode[] } | null;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
};

export const SERVER_VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const rawDir = opts.dataDir ?? process.env.DATA_DIR ?? './.data/server';
  const inMemory = rawDir.startsWith('memory:');
  const dataDir = inMemory ? 'memory://' : resolve(rawDir);
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL ?? undefined;
  const now = opts.now ?? (() => new Date().toISOString());
  const unlock = !databaseUrl && !inMemory ? lockDataDir(dataDir) : () => {};
  let db: Db | null = null;
  try {
    db = await openDb({ databaseUrl, dataDir });
    const { all: migrations } = await migrate(db);
    await db.transaction((tx) => ensureReferenceDocs(tx));
    let demo: RunningServer['demo'] = null;
    if (opts.demo ?? process.env.DEMO !== '0') {
      await seedDemoDistrict(db, now(), opts.passwordIterations);
      const codes = await issueDemoCodes(db);
      if (codes.length) demo = { districtLogin: DEMO_DISTRICT_LOGIN, password: DEMO_PASSWORD, codes };
    }
    let catalog: Catalog = await loadCatalog(db);
    const theDb = db;
    const logger = opts.logger ?? true;
    const app = await buildApp(
      {
        db: theDb, catalog: () => catalog, reloadCatalog: async () => { catalog = await loadCatalog(theDb); }, now, version: SERVER_VERSION, migrations: () => migrations, startedAt: Date.now(),
        opsPerTransaction: opts.opsPerTransaction ?? (Number(process.env.SYNC_OPS_PER_TX) || undefined),
      },
      { logger: logger === true ? { level: process.env.LOG_LEVEL ?? 'info' } : logger },
    );
    // Responses finishing after shutdown began tell the client to drop the
    // connection, and idle keep-alive sockets are reaped until the server has
    // closed: otherwise a client's pooled connection keeps close() waiting.
    let shuttingDown = false;
    app.addHook('onSend', async (_req, reply) => {
      if (shuttingDown) reply.header('connection', 'close');
    });
    const updatesDir = opts.updatesDir ?? process.env.UPDATES_DIR;
    if (updatesDir) registerUpdateRoutes(app, { dir: resolve(updatesDir) });
    const host = opts.host ?? process.env.HOST ?? '127.0.0.1';
    const port = opts.port ?? Number(process.env.PORT ?? 8787);
    await app.listen({ port, host });
    const addr = app.server.address();
    const realPort = typeof addr === 'object' && addr ? addr.port : port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${realPort}`;
    app.log.info({ url, db: theDb.kind, dataDir: databaseUrl ? undefined : dataDir, migrations, version: SERVER_VERSION }, 'district server listening');
    if (demo) {
      const lines = demo.codes.map((c) => `${c.officeCode} ${c.officeName}: ${c.code}`);
      app.log.info(
        { districtLogin: demo.districtLogin, password: demo.password, enrolmentCodes: demo.codes.map(({ officeId, officeCode, code }) => ({ officeId, officeCode, code })) },
        `demo district: district staff sign in as "${demo.districtLogin}" / "${demo.password}"; one-time enrolment codes: ${lines.join('; ')}`,
      );
    }
    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        shuttingDown = true;
        const reaper = setInterval(() => app.server.closeIdleConnections?.(), 50);
        try {
          await app.close();
        } finally {
          clearInterval(reaper);
        }
        await theDb.close();
        unlock();
      })());
    return { url, port: realPort, host, app, db: theDb, demo, close };
  } catch (e) {
    await db?.close().catch(() => {});
    unlock();
    throw e;
  }
}


const isMain = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const server = await startServer().catch((e) => {
    console.error(JSON.stringify({ level: 60, time: Date.now(), msg: `district server failed to start: ${e?.message ?? e}` }));
    process.exit(1);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      server.app.log.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: no new requests, finishing those in flight');
    const force = setTimeout(() => {
      server.app.log.error('in-flight requests did not finish in 30 s; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    server.close().then(
      () => {
        server.app.log.info('stopped');
        process.exit(0);
      },
      (e) => {
        server.app.log.error({ err: e }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
