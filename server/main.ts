/**
 * The district server. `npx tsx server/main.ts` runs it with the embedded
 * PGlite database in ./.data/server (DATA_DIR); DATABASE_URL=postgres://...
 * switches to PostgreSQL. Without the demo (the default), an empty database
 * waits for the first-run setup (server/cli/setup.ts, or the console opened on
 * this machine); with DEMO=1 (`npm start` asks for it) an empty database gets
 * the demo district, whose sign-in and one-time enrolment codes are logged.
 *
 * Env: PORT (8787), HOST (127.0.0.1), DATA_DIR, DATABASE_URL, DEMO (1: the demo
 * district; off by default), BACKUP_DIR, BACKUP_EVERY_HOURS (24), BACKUP_KEEP
 * (14) (server/backup), LOG_LEVEL (info), UPDATES_DIR (serve the app's update
 * feed at /updates), SYNC_OPS_PER_TX (250: ops of a push applied per transaction),
 * DB_POOL_MAX (PostgreSQL connections; twice the cores, at least 4),
 * TLS_CERT and TLS_KEY (the district's certificate, PEM files; otherwise a
 * self-signed one kept in DATA_DIR/tls), TLS=off (plain HTTP, loopback only),
 * TLS_PROXY_CERT (with TLS=off behind a TLS proxy: the proxy's certificate,
 * whose fingerprint the codes carry). See server/tls/certificate.ts, docs/tls.md.
 * SERVER_KEY (base64, 32 bytes: the key batch-file keys are sealed under;
 * otherwise DATA_DIR/server.key, made on first start; DATA_DIR keeps such files
 * with DATABASE_URL too), CORS_ORIGINS (comma-separated origins allowed to
 * call besides the desktop app's app://akimat, e.g. a web-mode page),
 * HEAP_GROWTH (unset: the heap grows by 30 % between collections; small: V8's
 * --optimize-for-size, less memory for more CPU; default: V8's own; see below).
 */
import { factsOf } from './reports/facts';
import { readFileSync } from 'node:fs';
import { fromRoot } from './paths';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { FastifyInstance } from 'fastify';
import { openDb, type Db } from './db';
import { migrate } from './db/migrate';
import { rekeyApplications } from './store/records';
import { refreshNameFolds } from './store/nameFold';
import { lockDataDir } from './db/lock';
import { buildApp } from './http/app';
import {
  DEMO_DISTRICT_LOGIN,
  DEMO_PASSWORD,
  ensureReferenceDocs,
  issueDemoCodes,
  seedDemoDistrict,
  type DemoCode,
} from './demo/seed';
import { loadCatalog } from './reference/reference';
import { registerUpdateRoutes } from './routes/updates';
import { registerBackupRoutes } from './routes/backups';
import { BackupService, backupConfig } from './backup/schedule';
import { setupStatus } from './setup/district';
import { printedCode } from './auth/tokens';
import { resolveTls, tlsOptionsFromEnv, type TlsOptions, type TlsSetup } from './tls/certificate';
import { formatFingerprint, type Catalog } from '../shared';
import { checkServerKey, loadServerKey, sealBatchKeys } from './auth/serverKey';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from './auth/signInLimits';

export type ServerOptions = {
  port?: number;
  host?: string;
  /** PGlite folder; 'memory:' (or 'memory://') for a throwaway in-memory database. Ignored with databaseUrl. */
  dataDir?: string;
  databaseUrl?: string;
  /**
   * Create the demo district on an empty database and print codes (default: DEMO=1, else off:
   * a real district is set up once with server/cli/setup.ts, and its published demo password must
   * not appear on a server that did not ask for it).
   */
  demo?: boolean;
  /** false: silent; true or pino options: JSON logs on stdout. */
  logger?: boolean | Record<string, unknown>;
  /** Folder with the desktop app's update feed (latest.yml, installers, blockmaps), served at /updates. */
  updatesDir?: string;
  /** PBKDF2 iterations for demo passwords (tests lower it to the schema's minimum). */
  passwordIterations?: number;
  /** Ops of a push applied per transaction (SYNC_OPS_PER_TX; default 250). */
  opsPerTransaction?: number;
  /**
   * HTTPS (default: TLS_CERT/TLS_KEY from the environment, else a self-signed
   * certificate kept in `<dataDir>/tls`). false, or TLS=off: plain HTTP, allowed
   * only on a loopback host (development, tests, behind a local TLS proxy).
   */
  tls?: false | TlsOptions;
  /** The server key, base64 (default: SERVER_KEY, else `<dataDir>/server.key`; see server/auth/serverKey.ts). */
  serverKey?: string;
  /** Origins allowed to call besides app://akimat, added to CORS_ORIGINS (web mode, tests). */
  corsOrigins?: string[];
  signInLimits?: Partial<SignInLimits>;
  now?: () => string;
  /** Backups (server/backup): the folder (BACKUP_DIR; null: off), how often (BACKUP_EVERY_HOURS, 24) and how many kept (BACKUP_KEEP, 14). */
  backup?: { dir?: string | null; everyHours?: number; keep?: number };
};

export type RunningServer = {
  url: string;
  port: number;
  host: string;
  app: FastifyInstance;
  db: Db;
  demo: { districtLogin: string; password: string; codes: DemoCode[] } | null;
  /**
   * The certificate desks pin (SHA-256, 64 hex digits), and where it came from;
   * null on plain HTTP. 'proxy': a TLS proxy in front presents it, this server speaks HTTP.
   */
  tls: { fingerprint: string; source: TlsSetup['source'] } | null;
  /** Scheduled and on-demand backups (enabled when a backup folder is set). */
  backups: BackupService;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
};

export const SERVER_VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')).version ?? '0.0.0';
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
  const host = opts.host ?? process.env.HOST ?? '127.0.0.1';
  // Before anything is opened: a server that may not listen in clear stops here.
  const tls = resolveTls({ tls: opts.tls ?? tlsOptionsFromEnv(), host, dataDir: inMemory ? null : dataDir });
  // Also before: a malformed SERVER_KEY stops the start instead of sealing under garbage.
  const serverKey = loadServerKey({
    key: opts.serverKey,
    env: process.env.SERVER_KEY || undefined,
    dataDir: inMemory ? null : dataDir,
  });
  const corsOrigins = [...(opts.corsOrigins ?? []), ...(process.env.CORS_ORIGINS ?? '').split(',')].filter((o) =>
    o.trim(),
  );
  // Also before: a wrong BACKUP_EVERY_HOURS or BACKUP_KEEP stops the start, not the first backup a day later.
  const backupCfg = backupConfig(opts.backup);
  const unlock = !databaseUrl && !inMemory ? lockDataDir(dataDir) : () => {};
  let db: Db | null = null;
  try {
    db = await openDb({ databaseUrl, dataDir, poolMax: Number(process.env.DB_POOL_MAX) || undefined });
    const { all: migrations } = await migrate(db);
    // Name keys under the current fold, and the pairs they make, once per fold (records saved before
    // migration 012 included): possible duplicates by name and birth date.
    const rekeyed = await rekeyApplications(db);
    // The children's names as the district queue's search folds them (migration 015), once per fold.
    const folded = await refreshNameFolds(db);
    // Batch keys stored in plain text by older versions are sealed now (idempotent).
    const sealedNow = await sealBatchKeys(db, serverKey);
    const keyCheck = await checkServerKey(db, serverKey);
    await db.transaction((tx) => ensureReferenceDocs(tx));
    let demo: RunningServer['demo'] = null;
    if (opts.demo ?? process.env.DEMO === '1') {
      await seedDemoDistrict(db, now(), opts.passwordIterations);
      // Printed with the check group of the certificate desks will pin (shared/sync/enrolmentCode.ts).
      const codes = await Promise.all(
        (await issueDemoCodes(db)).map(async (c) => ({ ...c, code: await printedCode(c.code, tls.fingerprint) })),
      );
      if (codes.length) demo = { districtLogin: DEMO_DISTRICT_LOGIN, password: DEMO_PASSWORD, codes };
    }
    let catalog: Catalog = await loadCatalog(db);
    const theDb = db;
    const logger = opts.logger ?? true;
    const app = await buildApp(
      {
        db: theDb,
        catalog: () => catalog,
        reloadCatalog: async () => {
          catalog = await loadCatalog(theDb);
        },
        now,
        version: SERVER_VERSION,
        migrations: () => migrations,
        startedAt: Date.now(),
        opsPerTransaction: opts.opsPerTransaction ?? (Number(process.env.SYNC_OPS_PER_TX) || undefined),
        tlsFingerprint: tls.fingerprint,
        serverKey,
        signInLimits: { ...DEFAULT_SIGN_IN_LIMITS, ...opts.signInLimits },
        // One-time and changed passwords hash like the demo's (tests lower it to the schema's minimum).
        passwordIterations: opts.passwordIterations,
      },
      { logger: logger === true ? { level: process.env.LOG_LEVEL ?? 'info' } : logger, https: tls.https, corsOrigins },
    );
    for (const w of serverKey.warnings) app.log.warn(w);
    if (sealedNow) app.log.info({ devices: sealedNow }, 'batch-file keys sealed with the server key');
    if (rekeyed) app.log.info(rekeyed, 'applications keyed by name again; possible duplicates looked for');
    if (folded) app.log.info({ applications: folded }, "children's names folded again for the queue's search");
    if (keyCheck === 'mismatch') {
      app.log.error(
        { serverKey: serverKey.source },
        'the server key is not the one this database was sealed with (a database moved without its server.key, or another SERVER_KEY): batch files cannot be verified until devices enrol again',
      );
    }
    // Responses finishing after shutdown began tell the client to drop the
    // connection, and idle keep-alive sockets are reaped until the server has
    // closed: otherwise a client's pooled connection keeps close() waiting.
    let shuttingDown = false;
    app.addHook('onSend', async (_req, reply) => {
      if (shuttingDown) reply.header('connection', 'close');
    });
    const updatesDir = opts.updatesDir ?? process.env.UPDATES_DIR;
    if (updatesDir) registerUpdateRoutes(app, { dir: resolve(updatesDir) });
    const backups = new BackupService(theDb, backupCfg, {
      databaseUrl,
      serverVersion: SERVER_VERSION,
      now,
      log: app.log,
    });
    registerBackupRoutes(app, { db: theDb }, backups);
    const port = opts.port ?? Number(process.env.PORT ?? 8787);
    await app.listen({ port, host });
    const addr = app.server.address();
    const realPort = typeof addr === 'object' && addr ? addr.port : port;
    const url = `${tls.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${realPort}`;
    app.log.info(
      { url, db: theDb.kind, dataDir: databaseUrl ? undefined : dataDir, migrations, version: SERVER_VERSION },
      'district server listening',
    );
    // Where district staff open the console (from the district network: the host's own name or address).
    app.log.info({ consoleUrl: `${url}/console/` }, `district console: ${url}/console/`);
    if (tls.fingerprint) {
      const fingerprint = formatFingerprint(tls.fingerprint);
      app.log.info(
        { tls: tls.source, certFile: tls.certFile, fingerprint },
        `TLS certificate (${tls.source}${tls.source === 'ephemeral' ? ': in-memory database, a new one at every start' : ''}): SHA-256 ${fingerprint}; desks pin it at enrolment`,
      );
    } else {
      app.log.warn(
        { tls: 'off' },
        `plain HTTP on ${host}, for development only: desks in the district need TLS (docs/tls.md)`,
      );
    }
    if (!demo && (await setupStatus(theDb, host)).needsSetup) {
      app.log.warn(
        { needsSetup: true },
        'the district is not set up yet: run `npx tsx server/cli/setup.ts` on this machine, or open the district console in a browser on this machine',
      );
    }
    if (backups.enabled) {
      backups.start();
      app.log.info(
        { backupDir: backupCfg.dir, everyHours: backupCfg.everyHours, keep: backupCfg.keep },
        'backups scheduled',
      );
    } else if (!inMemory) {
      app.log.warn({ backups: 'off' }, 'backups are off: set BACKUP_DIR (docs/district-setup.md)');
    }
    if (demo) {
      const lines = demo.codes.map((c) => `${c.officeCode} ${c.officeName}: ${c.code}`);
      app.log.info(
        {
          districtLogin: demo.districtLogin,
          password: demo.password,
          enrolmentCodes: demo.codes.map(({ officeId, officeCode, code }) => ({ officeId, officeCode, code })),
          certificateFingerprint: tls.fingerprint ? formatFingerprint(tls.fingerprint) : null,
        },
        `demo district: district staff sign in as "${demo.districtLogin}" / "${demo.password}"; one-time enrolment codes: ${lines.join('; ')}` +
          (tls.fingerprint ? `; the server's certificate: SHA-256 ${formatFingerprint(tls.fingerprint)}` : ''),
      );
    }
    // The reports' view of the records (server/reports/facts.ts) is read once now, in the
    // background, so the first report a specialist opens does not pay for it.
    const warming = factsOf(theDb)
      .refresh(theDb, catalog)
      .catch((e: unknown) =>
        app.log.warn(
          { err: { code: (e as { code?: string }).code } },
          'reports: first read failed; retried with the first report',
        ),
      );
    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        shuttingDown = true;
        await warming;
        // A backup in progress finishes first: pg_dump or a snapshot must not lose its database.
        await backups.stop();
        const reaper = setInterval(() => app.server.closeIdleConnections?.(), 50);
        try {
          await app.close();
        } finally {
          clearInterval(reaper);
        }
        await theDb.close();
        unlock();
      })());
    return {
      url,
      port: realPort,
      host,
      app,
      db: theDb,
      demo,
      tls: tls.fingerprint ? { fingerprint: tls.fingerprint, source: tls.source } : null,
      backups,
      close,
    };
  } catch (e) {
    await db?.close().catch(() => {});
    unlock();
    throw e;
  }
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  // V8 lets the heap grow to up to four times what stays held before it collects: at 60,000 waiting
  // children the reports' first pass made the server's RSS peak at 542 MiB with 75-90 MiB held
  // (issue #17, docs/benchmarks.md). By default the next collection comes at 1.3 times what was held
  // (--heap-growing-percent=30: peak 337 MiB; a push's server CPU measured 323 -> 392 ms per 1,000
  // ops in one run). HEAP_GROWTH=small: --optimize-for-size, peak 298 MiB but twice the CPU per push
  // and per first report; HEAP_GROWTH=default: V8's own. Neither lowers the heap's limit, so unlike a
  // cap no burst of requests can make the server run out of heap. Set here, so the server runs so
  // however it is started (node, tsx, the service units).
  const growth = process.env.HEAP_GROWTH;
  if (growth === 'small') setFlagsFromString('--optimize-for-size');
  else if (growth !== 'default') setFlagsFromString('--heap-growing-percent=30');
  const server = await startServer().catch((e) => {
    console.error(
      JSON.stringify({ level: 60, time: Date.now(), msg: `district server failed to start: ${e?.message ?? e}` }),
    );
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
