/**
 * The district's directory: offices, staff accounts and kindergartens, as the
 * console and the XLSX import (admin/import) create and edit them. Every write
 * is an op of the district pseudo-device (store/districtOps.ts), so desks get
 * it with their next pull, and an entry in the audit log, in the caller's
 * transaction. Saving what is already stored changes nothing ('unchanged': no
 * op, no change number, no audit entry), so importing one file twice is a no-op.
 */
import { randomInt } from 'node:crypto';
import {
  DEFAULT_HOURS,
  KZ_UTC_OFFSET_MINUTES,
  hashPassword,
  makeStaffKeys,
  newId,
  roleFitsOffice,
  type BiText,
  type Kindergarten,
  type KindergartenInput,
  type Office,
  type OfficeInput,
  type OfficeType,
  type PasswordHash,
  type StaffKeys,
  type StaffAdmin,
  type StaffInput,
  type SyncStaff,
} from '../../shared';
import type { Queryable } from '../db';
import { ENTITIES } from '../store/entities';
import { SyncError } from '../store/errors';
import { DISTRICT_DEVICE_ID, createAsDistrict, writeAsDistrict } from '../store/districtOps';
import { UnitOfWork } from '../store/unitOfWork';
import { audit } from './audit';

export type DirectoryActor = { staffId: string | null; name?: string | null };
export type SaveOutcome = 'created' | 'updated' | 'unchanged';

type Rec = Record<string, unknown>;

/** ops.staff_id is required: a change without a signed-in person (the CLI) is signed by the district itself. */
const signer = (actor: DirectoryActor) => actor.staffId ?? DISTRICT_DEVICE_ID;

/** Key-order-independent equality of JSON values (records come back from JSONB with their keys reordered). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Rec)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Rec)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => same((a as Rec)[k], (b as Rec)[k]));
  }
  return false;
}

/** The fields of `want` that differ from `cur` (undefined in want: removed, sent as null). */
function changes(cur: Rec, want: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(want)) if (!same(cur[k], v)) out[k] = v === undefined ? null : v;
  return out;
}

/** Writes a patch of an existing record as a district op, with its audit entry; 'unchanged' when nothing differs. */
async function patch(
  tx: Queryable,
  ctx: { now(): string },
  actor: DirectoryActor,
  entity: 'office' | 'staff' | 'kindergarten',
  id: string,
  values: Rec,
  action: string,
): Promise<SaveOutcome> {
  if (!Object.keys(values).length) return 'unchanged';
  const uow = new UnitOfWork(tx);
  const cur = await uow.load(ENTITIES[entity], id);
  if (!cur) throw new SyncError(404, 'notFound', { [`${entity}Id`]: id });
  const before = cur.rec;
  const after = await writeAsDistrict(tx, uow, ctx, entity, id, values, signer(actor));
  await uow.flush();
  await audit(tx, actor, {
    action,
    target: `${entity}:${id}`,
    before: pick(before, values),
    after: pick(after, values),
  });
  return 'updated';
}

/**
 * Only the changed fields in the audit entry: what an administrator reads is the change itself.
 * audit() drops keys named like secrets ('code' among them), so an office's code is logged as officeCode.
 */
const pick = (rec: Rec, values: Rec) =>
  forAudit(Object.fromEntries(Object.keys(values).map((k) => [k, rec[k] ?? null])));
const forAudit = (rec: Rec): Rec => {
  // A staff member's key pair, its private half sealed under the one-time password: not for the audit.
  if ('keys' in rec) rec = { ...rec, keys: '(set)' };
  if (!('code' in rec)) return rec;
  const { code, ...rest } = rec;
  return { ...rest, officeCode: code };
};

/** Creates a record of the directory as a district op with its audit entry (also used when an office joins). */
export async function createInDirectory(
  tx: Queryable,
  ctx: { now(): string },
  actor: DirectoryActor,
  entity: 'office' | 'staff' | 'kindergarten',
  rec: Rec,
): Promise<Rec> {
  const uow = new UnitOfWork(tx);
  const full = await createAsDistrict(tx, uow, ctx, entity, rec, signer(actor));
  await uow.flush();
  await audit(tx, actor, { action: `${entity}.create`, target: `${entity}:${String(rec.id)}`, after: forAudit(full) });
  return full;
}

async function loadRec<T>(tx: Queryable, entity: 'office' | 'staff' | 'kindergarten', id: string): Promise<T> {
  const cur = await new UnitOfWork(tx).load(ENTITIES[entity], id);
  if (!cur) throw new SyncError(404, 'notFound', { [`${entity}Id`]: id });
  return cur.rec as T;
}

// --- offices ---------------------------------------------------------------------------------

/**
 * One writer of the directory at a time, until its transaction ends. Office codes, logins in an
 * office and kindergarten numbers are checked before they are written: two administrators saving
 * the same code at once (or an import beside a save) would both pass the check, and the second
 * insert would fail on the unique index as a 500 instead of the 409 the check gives.
 */
export async function lockDirectory(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [DIRECTORY_LOCK_KEY]);
}
const DIRECTORY_LOCK_KEY = 'akimat:directory';

export async function findOfficeByCode(tx: Queryable, code: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM offices WHERE code = $1', [code.trim()]);
  return rows[0]?.id ?? null;
}

/** The district's names as setup (or the demo seed) stored them: every office record carries them. */
async function districtNames(tx: Queryable): Promise<{ district: BiText; region?: BiText }> {
  const { rows } = await tx.query<{ value: { name?: BiText; region?: BiText } | string }>(
    `SELECT value FROM settings WHERE key = 'district'`,
  );
  const raw = rows[0]?.value;
  const v = typeof raw === 'string' ? (JSON.parse(raw) as { name?: BiText; region?: BiText }) : raw;
  if (!v?.name) throw new SyncError(409, 'district.notSetUp');
  return { district: v.name, ...(v.region ? { region: v.region } : {}) };
}

/** Creates an office, or (id) brings it to the input; the code is unique in the district (409 office.codeTaken). */
export async function saveOffice(
  tx: Queryable,
  ctx: { now(): string },
  actor: DirectoryActor,
  input: OfficeInput,
  id?: string,
): Promise<{ id: string; outcome: SaveOutcome }> {
  await lockDirectory(tx);
  const taken = await findOfficeByCode(tx, input.code);
  if (taken && taken !== id) throw new SyncError(409, 'office.codeTaken', { code: input.code });
  const described: Rec = {
    type: input.type,
    code: input.code,
    kato: input.kato,
    name: input.name,
    address: input.address,
    headName: input.headName,
    phone: input.phone,
    settlements: input.settlements,
  };
  if (id) {
    const cur = await loadRec<Office>(tx, 'office', id);
    // The education department is where district accounts live: turning it into another type (or another
    // office into one) would move the district's powers with it.
    if (cur.type !== input.type && (cur.type === 'districtEducation' || input.type === 'districtEducation'))
      throw new SyncError(409, 'office.districtEducation');
    // Hours left out of the input stay as they are (every office has them).
    const want = { ...described, ...(input.hours ? { hours: input.hours } : {}) };
    return { id, outcome: await patch(tx, ctx, actor, 'office', id, changes(cur, want), 'office.update') };
  }
  const rec: Rec = Object.fromEntries(
    Object.entries({
      id: newId(),
      ...described,
      ...(await districtNames(tx)),
      utcOffsetMinutes: KZ_UTC_OFFSET_MINUTES,
      hours: input.hours ?? DEFAULT_HOURS,
      idleLockMinutes: 15,
      createdAt: ctx.now(),
    }).filter(([, v]) => v !== undefined),
  );
  await createInDirectory(tx, ctx, actor, 'office', rec);
  return { id: String(rec.id), outcome: 'created' };
}

/** Closes an office: kept for its records, its laptops enrol no more (admin/enrolment.ts). */
export async function closeOffice(
  tx: Queryable,
  ctx: { now(): string },
  actor: DirectoryActor,
  id: string,
): Promise<{ id: string; closedAt: string; outcome: SaveOutcome }> {
  const cur = await loadRec<Office>(tx, 'office', id);
  if (cur.type === 'districtEducation') throw new SyncError(409, 'office.districtEducation');
  if (cur.closedAt) return { id, closedAt: cur.closedAt, outcome: 'unchanged' };
  const closedAt = ctx.now();
  return { id, closedAt, outcome: await patch(tx, ctx, actor, 'office', id, { closedAt }, 'office.close') };
}

export async function listOffices(tx: Queryable): Promise<Office[]> {
  const { rows } = await tx.query<{ data: Office }>('SELECT data FROM offices ORDER BY code');
  return rows.map((r) => r.data);
}

// --- staff -----------------------------------------------------------------------------------

export async function findStaffByLogin(tx: Queryable, officeId: string, login: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM staff WHERE office_id = $1 AND login = $2', [
    officeId,
    login.trim().toLowerCase(),
  ]);
  return rows[0]?.id ?? null;
}

/** Letters and digits that cannot be misread for one another (no 0/O, 1/l/I), lower case: typed once, by hand. */
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** 12 characters of 31 (about 59 bits), in groups of four: read aloud over the phone, typed once. */
function newOneTimePassword(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += OTP_ALPHABET[randomInt(OTP_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

async function oneTimeHash(ctx: {
  passwordIterations?: number;
}): Promise<{ password: string; hash: PasswordHash; keys: StaffKeys }> {
  const password = newOneTimePassword();
  return {
    password,
    hash: await hashPassword(password, ctx.passwordIterations),
    // A key pair under it, so the first sign-in works on any laptop of the office, even one where
    // nobody has signed in since a reload (docs/security.md "Shared laptops"). The district knows
    // this password anyway; the person replaces both at that sign-in.
    keys: await makeStaffKeys(password, ctx.passwordIterations),
  };
}

/**
 * Creates a staff account with a one-time password (returned once, stored
 * only hashed; the person must change it at first sign-in), or (id) brings
 * the account to the input. An account stays in its office.
 */
export async function saveStaff(
  tx: Queryable,
  ctx: { now(): string; passwordIterations?: number },
  actor: DirectoryActor,
  input: StaffInput,
  id?: string,
): Promise<{ id: string; outcome: SaveOutcome; oneTimePassword?: string }> {
  await lockDirectory(tx);
  const login = input.login.trim().toLowerCase();
  const { rows: office } = await tx.query<{ type: OfficeType }>('SELECT type FROM offices WHERE id = $1', [
    input.officeId,
  ]);
  if (!office.length) throw new SyncError(404, 'notFound', { officeId: input.officeId });
  const misfit = input.roles.find((r) => !roleFitsOffice(r, office[0].type));
  if (misfit) throw new SyncError(409, 'staff.roleOffice', { role: misfit });
  const taken = await findStaffByLogin(tx, input.officeId, login);
  if (taken && taken !== id) throw new SyncError(409, 'staff.loginTaken', { login });
  const described: Rec = { fullName: input.fullName, position: input.position, login, roles: input.roles };
  if (id) {
    const cur = await loadRec<SyncStaff>(tx, 'staff', id);
    if (cur.officeId !== input.officeId) throw new SyncError(409, 'staff.otherOffice');
    return { id, outcome: await patch(tx, ctx, actor, 'staff', id, changes(cur, described), 'staff.update') };
  }
  const otp = await oneTimeHash(ctx);
  const rec: Rec = Object.fromEntries(
    Object.entries({
      id: newId(),
      officeId: input.officeId,
      ...described,
      password: otp.hash,
      keys: otp.keys,
      active: true,
      mustChangePassword: true,
      passwordSetAt: ctx.now(),
      createdAt: ctx.now(),
    }).filter(([, v]) => v !== undefined),
  );
  await createInDirectory(tx, ctx, actor, 'staff', rec);
  return { id: String(rec.id), outcome: 'created', oneTimePassword: otp.password };
}

/** Ends every console or district-tab session of a staff member (an account disabled or given a new password). */
async function endSessions(tx: Queryable, staffId: string): Promise<void> {
  await tx.query(`UPDATE district_sessions SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL`, [
    staffId,
  ]);
}

/** Disables or enables an account; a disabled one is refused on its office's laptops after their next pull. */
export async function setStaffActive(
  tx: Queryable,
  ctx: { now(): string },
  actor: DirectoryActor,
  id: string,
  active: boolean,
): Promise<SaveOutcome> {
  const cur = await loadRec<SyncStaff>(tx, 'staff', id);
  if (!active) await endSessions(tx, id);
  if ((cur.active !== false) === active) return 'unchanged';
  return patch(tx, ctx, actor, 'staff', id, { active }, active ? 'staff.enable' : 'staff.disable');
}

/** A new one-time password for an account (returned once); the person must change it at next sign-in. */
export async function resetStaffPassword(
  tx: Queryable,
  ctx: { now(): string; passwordIterations?: number },
  actor: DirectoryActor,
  id: string,
): Promise<{ oneTimePassword: string }> {
  await loadRec<SyncStaff>(tx, 'staff', id);
  const otp = await oneTimeHash(ctx);
  await endSessions(tx, id);
  await patch(
    tx,
    ctx,
    actor,
    'staff',
    id,
    { password: otp.hash, keys: otp.keys, mustChangePassword: true, passwordSetAt: ctx.now() },
    'staff.resetPassword',
  );
  return { oneTimePassword: otp.password };
}

/** One's own new password (the hash made by the caller): the must-change flag goes with it. */
export async function setOwnPassword(
  tx: Queryable,
  ctx: { now(): string },
  actor: DirectoryActor & { staffId: string },
  hash: PasswordHash,
): Promise<void> {
  await patch(
    tx,
    ctx,
    actor,
    'staff',
    actor.staffId,
    { password: hash, mustChangePassword: false, passwordChangedAt: ctx.now() },
    'staff.passwordChanged',
  );
}

/**
 * Staff as the console lists them, never the hash. lastSignInAt: a district
 * account's last console or district-tab sign-in (each opens a session, and
 * sessions are kept after they end, so their newest start is it); office
 * staff's newest op that reached the server (they sign in on their laptops).
 */
export async function listStaff(tx: Queryable, f: { officeId?: string; id?: string } = {}): Promise<StaffAdmin[]> {
  const where = f.id ? 'WHERE s.id = $1' : f.officeId ? 'WHERE s.office_id = $1' : '';
  const { rows } = await tx.query<{ data: SyncStaff; office_type: string; last_sign_in_at: string | null }>(
    `SELECT s.data, o.type AS office_type,
            CASE WHEN o.type = 'districtEducation' THEN (SELECT max(created_at) FROM district_sessions d WHERE d.staff_id = s.id)
                 ELSE (SELECT max(received_at) FROM op_log l WHERE l.staff_id = s.id AND l.source <> 'district') END AS last_sign_in_at
       FROM staff s JOIN offices o ON o.id = s.office_id
      ${where} ORDER BY o.code, s.login`,
    where ? [f.id ?? f.officeId] : [],
  );
  return rows.map((r) => staffAdmin(r.data, r.last_sign_in_at));
}

/**
 * Whether the person chose their own password after the district last set one: in the console, or
 * on a laptop of the office (its op reports the time only; the hash stays on that laptop, so the
 * record keeps the district's flag for the office's other laptops).
 */
const changedSinceSet = (s: SyncStaff): boolean =>
  !!s.passwordChangedAt && (!s.passwordSetAt || s.passwordChangedAt >= s.passwordSetAt);

const staffAdmin = (s: SyncStaff, lastSignInAt: string | null): StaffAdmin => ({
  id: s.id,
  officeId: s.officeId,
  fullName: s.fullName,
  ...(s.position ? { position: s.position } : {}),
  login: s.login,
  roles: s.roles,
  active: s.active !== false,
  mustChangePassword: s.mustChangePassword === true && !changedSinceSet(s),
  lastSignInAt,
});

// --- kindergartens ---------------------------------------------------------------------------

export async function findKindergartenByNumber(tx: Queryable, number: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM kindergartens WHERE number = $1 ORDER BY id', [
    number.trim(),
  ]);
  return rows[0]?.id ?? null;
}

/**
 * Creates a kindergarten or (id) brings it to the input. The input's places
 * are the groups' free places: offices move them by deltas as they refer
 * children; an edit here sets them.
 */
export async function saveKindergarten(
  tx: Queryable,
  ctx: { now(): string },
  actor: DirectoryActor,
  input: KindergartenInput,
  id?: string,
): Promise<{ id: string; outcome: SaveOutcome }> {
  await lockDirectory(tx);
  const taken = await findKindergartenByNumber(tx, input.number);
  if (taken && taken !== id) throw new SyncError(409, 'kindergarten.numberTaken', { number: input.number });
  const described: Rec = {
    number: input.number,
    name: input.name,
    address: input.address,
    active: input.active,
    ageGroups: input.ageGroups.map((g) => ({
      id: g.id,
      name: g.name,
      minAge: g.minAge,
      maxAge: g.maxAge,
      freePlaces: g.places,
    })),
  };
  if (id) {
    const cur = await loadRec<Kindergarten>(tx, 'kindergarten', id);
    return {
      id,
      outcome: await patch(tx, ctx, actor, 'kindergarten', id, changes(cur, described), 'kindergarten.update'),
    };
  }
  const rec: Rec = { id: newId(), ...described, updatedAt: ctx.now() };
  await createInDirectory(tx, ctx, actor, 'kindergarten', rec);
  return { id: String(rec.id), outcome: 'created' };
}

export async function listKindergartens(tx: Queryable): Promise<Kindergarten[]> {
  const { rows } = await tx.query<{ data: Kindergarten }>('SELECT data FROM kindergartens ORDER BY number, id');
  return rows.map((r) => r.data);
}
