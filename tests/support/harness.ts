/**
 * Starts a real server for a test file: on PGlite in a fresh temp folder, or,
 * when PG_TEST_URL is set (scripts/pg-test.sh prints one), in a fresh database
 * on that PostgreSQL server, dropped again afterwards. `desk()` enrols a real
 * desk (renderer/services on fake-indexeddb, installed here) with its sync engine.
 */
// Before anything loads Dexie: the real desks of `desk()` need IndexedDB, which Node lacks.
import '../helpers/browser-globals';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { startServer, type RunningServer, type ServerOptions } from '../../server/main';
import { DeviceClient, DistrictClient } from './client';
import { makeDevice, type DeskDevice } from '../helpers/desk-device';
import { localParts } from '../../shared';

export type TestServer = RunningServer & {
  /** Where the data lives: a folder (PGlite) or a database URL. */
  dataDir?: string;
  databaseUrl?: string;
  district: () => Promise<DistrictClient>;
  /** A device enrolled for the demo office with that key (karasu, ushkonyr, akkainar, mobile, district). */
  device: (officeKey: string, name?: string) => Promise<DeviceClient>;
  /** A real desk enrolled for that office by its sync engine (its usual number blocks leased), the clerk signed in. */
  desk: (officeKey: string, name?: string) => Promise<DeskDevice>;
  officeId: (officeKey: string) => string;
  stop: () => Promise<void>;
};

export const usingPostgres = () => !!process.env.PG_TEST_URL;

/** A new empty database on the PG_TEST_URL server; returns its URL and a dropper. */
export async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.PG_TEST_URL!;
  const name = `akimat_t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

/**
 * An initdb'd, empty PGlite folder kept in the temp dir per PGlite version:
 * copying it (~40 MB, a fraction of a second) replaces initdb (seconds of
 * CPU) for every test file on these 2-core machines.
 */
async function pgliteTemplate(): Promise<string> {
  const pkg = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json');
  const version = JSON.parse(readFileSync(pkg, 'utf8')).version as string;
  const dir = join(tmpdir(), `akimat-pglite-template-${version}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const tmp = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const db = await PGlite.create(tmp);
  await db.close();
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another test file made it first
  }
  return dir;
}

/**
 * serverKey (PostgreSQL only): the server then has no data folder for its
 * server.key, and every start on this database (a restart, the import CLI
 * with SERVER_KEY) must use the same key. PGlite keeps it in its folder.
 */
export type TestStorage = { dataDir?: string; databaseUrl?: string; serverKey?: string; cleanup: () => Promise<void> };

export async function newStorage(): Promise<TestStorage> {
  if (usingPostgres()) {
    const db = await freshPgDatabase();
    return { databaseUrl: db.url, serverKey: randomBytes(32).toString('base64'), cleanup: db.drop };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'akimat-server-test-'));
  cpSync(await pgliteTemplate(), dataDir, { recursive: true });
  return { dataDir, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** Generous: PGlite start-up shares 2 cores with other test files. */
export const START_TIMEOUT_MS = 180_000;

/** PBKDF2 at the schema's minimum: demo sign-in stays real but costs 0.1 s, not 0.3 s. */
export const TEST_PASSWORD_ITERATIONS = 100_000;

export async function startTestServer(
  opts: Partial<ServerOptions> & { storage?: TestStorage } = {},
): Promise<TestServer> {
  const storage = opts.storage ?? (await newStorage());
  const server = await startServer({
    // Plain HTTP on loopback unless a test asks for TLS (tests/integration/server-tls.test.ts does).
    port: 0,
    host: '127.0.0.1',
    logger: false,
    passwordIterations: TEST_PASSWORD_ITERATIONS,
    tls: false,
    // The demo district unless the test says otherwise (the server's own default is no demo).
    demo: true,
    ...opts,
    dataDir: storage.dataDir ?? 'memory:',
    databaseUrl: storage.databaseUrl,
    serverKey: opts.serverKey ?? storage.serverKey,
  }).catch(async (e) => {
    if (!opts.storage) await storage.cleanup();
    throw e;
  });
  const codes = server.demo?.codes ?? [];
  let districtClient: DistrictClient | null = null;
  const district = async () => {
    if (!districtClient) {
      districtClient = new DistrictClient(server.url);
      await districtClient.login(server.demo!.districtLogin, server.demo!.password);
    }
    return districtClient;
  };
  const officeId = (key: string) => {
    const c = codes.find((x) => x.officeKey === key);
    if (!c) throw new Error(`no demo office ${key}`);
    return c.officeId;
  };
  const used = new Set<string>();
  const code = async (key: string) => {
    const c = codes.find((x) => x.officeKey === key);
    if (!c) throw new Error(`no demo office ${key}`);
    // Demo codes are one-time: the first device per office uses it, later ones get fresh codes.
    const fresh = used.has(key) ? await (await district()).enrolmentCode(c.officeId) : c.code;
    used.add(key);
    return fresh;
  };
  const device = async (key: string, name = `${key} laptop`) => {
    const d = new DeviceClient(server.url);
    await d.enrol(await code(key), name);
    // As the desk does after enrolling: a block of official numbers for this year's preschool queue.
    await d.lease('preschool-queue', Number(localParts(new Date().toISOString()).date.slice(0, 4)), 1000);
    return d;
  };
  return {
    ...server,
    dataDir: storage.dataDir,
    databaseUrl: storage.databaseUrl,
    district,
    device,
    desk: async (key: string, name = `${key} desk`) =>
      makeDevice({ baseUrl: server.url, code: await code(key), name, password: server.demo!.password }),
    officeId,
    stop: async () => {
      await server.close();
      if (!opts.storage) await storage.cleanup();
    },
  };
}
