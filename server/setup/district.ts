/**
 * First-run setup of a real district (issue #13): on an empty database, the
 * district's names, region and KATO code, its education department (the office
 * district staff belong to) and the first administrator, written in one
 * transaction with an audit entry. Offered by server/cli/setup.ts and by
 * POST /v1/setup, the latter only to a browser on the server machine itself
 * (loopback): whoever reaches an empty server first would otherwise choose the
 * administrator's password.
 *
 * Also the demo's guard: the demo district's published password is refused
 * from any address other than loopback (`demoSignInRefused`).
 */
import {
  DEFAULT_HOURS,
  KZ_UTC_OFFSET_MINUTES,
  hashPassword,
  initialFieldVersions,
  newId,
  type BiText,
  type DistrictSetup,
  type Office,
  type SetupStatus,
  type Staff,
} from '../../shared';
import type { Db, Queryable } from '../db';
import { ENTITIES } from '../store/entities';
import { insertRecord } from '../store/store';
import { DISTRICT_DEVICE_ID } from '../reconcile/reconcile';
import { ensureReferenceDocs } from '../demo/seed';
import { audit, type AuditActor } from '../admin/audit';

/** Why a setup was not done: the database already has a district. */
export class SetupRefused extends Error {
  constructor(readonly reason: 'setup.done') {
    super('the district is already set up (the database has offices)');
  }
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms: the server machine itself. */
export function isLoopback(ip: string | undefined | null): boolean {
  if (!ip) return false;
  const a = ip
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * The address a request is judged by. Behind a TLS proxy on the same machine
 * (docs/tls.md) every connection comes from loopback: then the client the
 * proxy appended last to X-Forwarded-For counts, so the proxy cannot make the
 * whole network "local". A header sent straight from another machine changes
 * nothing (its socket address is not loopback).
 */
export function requestAddress(req: { ip: string; headers: Record<string, string | string[] | undefined> }): string {
  if (!isLoopback(req.ip)) return req.ip;
  const xff = req.headers['x-forwarded-for'];
  const last = (Array.isArray(xff) ? xff.join(',') : (xff ?? '')).split(',').pop()?.trim();
  return last || req.ip;
}

type DistrictSetting = { name: BiText; region?: BiText; kato?: string; demo?: boolean };

async function districtSetting(db: Queryable): Promise<DistrictSetting | null> {
  const { rows } = await db.query<{ value: DistrictSetting }>(`SELECT value FROM settings WHERE key = 'district'`);
  return rows[0]?.value ?? null;
}

async function hasOffices(db: Queryable): Promise<boolean> {
  const { rows } = await db.query(`SELECT EXISTS (SELECT 1 FROM offices) AS any`);
  return rows[0].any === true;
}

export async function setupStatus(db: Db, ip: string): Promise<SetupStatus> {
  const needsSetup = !(await hasOffices(db));
  const d = await districtSetting(db);
  return {
    needsSetup,
    setupAllowedHere: needsSetup && isLoopback(ip),
    demo: d?.demo === true,
    district: d
      ? { name: d.name, ...(d.region ? { region: d.region } : {}), ...(d.kato ? { kato: d.kato } : {}) }
      : null,
  };
}

/** Demo credentials work from the server machine only: its password is published in the README. */
export async function demoSignInRefused(db: Db, ip: string): Promise<boolean> {
  if (isLoopback(ip)) return false;
  return (await districtSetting(db))?.demo === true;
}

export type SetupResult = { officeId: string; adminId: string };

/**
 * Sets up the district on an empty database; refuses (SetupRefused) when it has
 * offices already. The password is hashed before the transaction (PBKDF2 takes
 * a while) and never leaves this function otherwise.
 */
export async function setupDistrict(
  db: Db,
  input: DistrictSetup,
  now: string,
  opts: { actor?: AuditActor; passwordIterations?: number } = {},
): Promise<SetupResult> {
  if (await hasOffices(db)) throw new SetupRefused('setup.done');
  const password = await hashPassword(input.admin.password, opts.passwordIterations);
  return db.transaction(async (tx) => {
    // Two setups at once (a CLI and a browser): the second waits here and then finds the offices.
    await tx.query('SELECT pg_advisory_xact_lock(727002)');
    if (await hasOffices(tx)) throw new SetupRefused('setup.done');
    await ensureReferenceDocs(tx);
    const office: Office = {
      id: newId(),
      type: 'districtEducation',
      name: input.office.name,
      district: input.name,
      region: input.region,
      address: input.office.address,
      headName: input.office.headName,
      code: input.office.code,
      kato: input.kato,
      utcOffsetMinutes: KZ_UTC_OFFSET_MINUTES,
      hours: DEFAULT_HOURS,
      idleLockMinutes: 15,
      createdAt: now,
    };
    const admin: Staff = {
      id: newId(),
      officeId: office.id,
      fullName: input.admin.fullName,
      login: input.admin.login,
      // The first account does everything until the district has given the roles out.
      roles: ['admin', 'head', 'specialist'],
      password,
      active: true,
      mustChangePassword: false,
      createdAt: now,
    };
    // Created as the district's own records: the district pseudo-device signs its changes (reconcile.ts).
    await insertRecord(tx, ENTITIES.office, office, 1, initialFieldVersions(office, DISTRICT_DEVICE_ID, 1));
    await insertRecord(tx, ENTITIES.staff, admin, 1, initialFieldVersions(admin, DISTRICT_DEVICE_ID, 1));
    const setting: DistrictSetting = { name: input.name, region: input.region, kato: input.kato, demo: false };
    await tx.query(
      `INSERT INTO settings (key, value) VALUES ('district', $1)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [JSON.stringify(setting)],
    );
    await tx.query(
      `INSERT INTO devices (id, kind, office_id, name) VALUES ($1, 'district', $2, 'District server') ON CONFLICT (id) DO NOTHING`,
      [DISTRICT_DEVICE_ID, office.id],
    );
    await audit(tx, opts.actor ?? { staffId: null, name: 'cli' }, {
      action: 'district.setup',
      target: office.id,
      after: {
        district: setting,
        office: { id: office.id, code: office.code, name: office.name },
        admin: { id: admin.id, login: admin.login, fullName: admin.fullName, roles: admin.roles },
      },
    });
    return { officeId: office.id, adminId: admin.id };
  });
}
