/**
 * Office setup, staff sign-in and the idle lock, all offline. Passwords are
 * checked against PBKDF2 hashes; the same password unwraps the person's copy
 * of the data key (vault.ts). Hashing happens before any transaction opens,
 * because an await on WebCrypto would let IndexedDB commit early.
 */
import {
  OfficeSchema,
  StaffSchema,
  hashPassword,
  makeStaffKeys,
  newId,
  openStaffPrivateKey,
  passwordProblem,
  verifyPassword,
  DEFAULT_HOURS,
  KZ_UTC_OFFSET_MINUTES,
  LangSchema,
  type Lang,
  type Office,
  type Staff,
  type StaffKeys,
  type FieldError,
} from '../../shared';
import { DeskError, type Session, type SetupInput } from './api';
import type { DeskContext } from './context';
import { appendOp } from './outbox';
import { Vault, type ColleagueWrap, type WrappedKey } from './vault';
import { VAULT_KEY_LOCK, withWindowLock } from './windowLock';

const SESSION_KEY = 'akimat-desk.session';
const OS_KEY_NAME = 'akimat-desk.master';

export async function isSetUp(ctx: DeskContext): Promise<boolean> {
  return !!(await ctx.db.meta.get('officeId'));
}

export async function currentOffice(ctx: DeskContext): Promise<Office> {
  const id = (await ctx.db.meta.get('officeId'))?.value as string | undefined;
  const office = id ? await ctx.db.offices.get(id) : undefined;
  // With someone signed in the office was there: its absence now means the browser dropped the
  // database under us (Chromium does after a write meets a full disk), not a desk never set up.
  if (!office) throw new DeskError(ctx.vault.unlocked ? 'storage.lost' : 'setup.required');
  return office;
}

type StaffInput = SetupInput['staff'][number];
type Keyring = Record<string, WrappedKey>;

async function keyring(ctx: DeskContext): Promise<Keyring> {
  return ((await ctx.db.meta.get('keyring'))?.value as Keyring | undefined) ?? {};
}

/** Wraps the unlocked master for a person (password or PIN) and keeps the copy. */
async function addToKeyring(ctx: DeskContext, entries: Record<string, string>): Promise<void> {
  const wrapped: Keyring = {};
  for (const [id, secret] of Object.entries(entries)) wrapped[id] = await ctx.vault.wrapFor(secret);
  const { db } = ctx;
  await db.transaction('rw', db.meta, async () => {
    const ring = ((await db.meta.get('keyring'))?.value as Keyring | undefined) ?? {};
    await db.meta.put({ key: 'keyring', value: { ...ring, ...wrapped } });
  });
}

type ColleagueRing = Record<string, ColleagueWrap>;
const colleagueRing = async (ctx: DeskContext): Promise<ColleagueRing> =>
  ((await ctx.db.meta.get('colleagueRing'))?.value as ColleagueRing | undefined) ?? {};

/**
 * While the master is open, this laptop makes a copy of it for every active
 * colleague's public key it has none for (their staff record came by sync, or
 * their key pair changed), so that they can sign in here the first time, even
 * after a reload, with nobody else present. The copies stay on this laptop; only
 * the colleague's password opens their private key (docs/security.md "Shared laptops").
 */
export async function wrapForColleagues(ctx: DeskContext): Promise<void> {
  if (!ctx.vault.unlocked) return;
  const officeId = (await ctx.db.meta.get('officeId'))?.value as string | undefined;
  const ring = await colleagueRing(ctx);
  const made: ColleagueRing = {};
  for (const s of await ctx.db.staff.toArray()) {
    if (!s.active || s.officeId !== officeId || !s.keys || ring[s.id]?.publicKey === s.keys.publicKey) continue;
    made[s.id] = await ctx.vault.wrapForPublicKey(s.keys.publicKey);
  }
  if (!Object.keys(made).length) return;
  const { db } = ctx;
  await db.transaction('rw', db.meta, async () => {
    const cur = ((await db.meta.get('colleagueRing'))?.value as ColleagueRing | undefined) ?? {};
    await db.meta.put({ key: 'colleagueRing', value: { ...cur, ...made } });
  });
}

/** meta key: the password hash a person's key pair was last found to open under (saves a PBKDF2 per sign-in). */
const keysCheckedKey = (staffId: string) => `keysChecked:${staffId}`;

/**
 * The person's key pair must open with the password just verified: made now if
 * they have none (an account from before key pairs, or one the district set up)
 * or if theirs is sealed under a password they no longer use. Published on their
 * own record (the server takes it from nobody else).
 */
async function ensureOwnKeys(ctx: DeskContext, staff: Staff, password: string): Promise<void> {
  const checked = (await ctx.db.meta.get(keysCheckedKey(staff.id)))?.value as
    { publicKey: string; hash: string } | undefined;
  if (staff.keys && checked?.publicKey === staff.keys.publicKey && checked.hash === staff.password.hash) return;
  if (staff.keys && (await openStaffPrivateKey(password, staff.keys))) {
    await ctx.db.meta.put({
      key: keysCheckedKey(staff.id),
      value: { publicKey: staff.keys.publicKey, hash: staff.password.hash },
    });
    return;
  }
  const keys = await makeStaffKeys(password);
  const office = await currentOffice(ctx);
  await publishKeys(ctx, staff.id, keys, office.type !== 'districtEducation');
}

async function publishKeys(ctx: DeskContext, staffId: string, keys: StaffKeys, sync: boolean): Promise<void> {
  const { db } = ctx;
  await db.transaction('rw', [db.staff, db.meta, db.counters, db.outbox], async () => {
    const cur = await db.staff.get(staffId);
    if (!cur) return;
    await db.staff.put({ ...cur, keys });
    await db.meta.put({ key: keysCheckedKey(staffId), value: { publicKey: keys.publicKey, hash: cur.password.hash } });
    // District accounts are the console's to change (server/admin): their pair stays on this laptop.
    if (sync)
      await appendOp(ctx, {
        entity: 'staff',
        entityId: staffId,
        kind: 'patch',
        fields: { keys },
        baseVersion: 0,
        staffId,
      });
  });
}

/** Electron: the OS key store keeps a copy too, so the shell opens without a password prompt per window. */
async function saveToOs(ctx: DeskContext) {
  if (ctx.osKeyStore && ctx.vault.unlocked) await ctx.osKeyStore.set(OS_KEY_NAME, ctx.vault.exportForOs());
}

async function makeStaff(ctx: DeskContext, officeId: string, s: StaffInput, i: number): Promise<Staff> {
  const fields: FieldError[] = [];
  if (!s.fullName?.trim()) fields.push({ field: `staff.${i}.fullName`, code: 'required' });
  if (!s.login?.trim()) fields.push({ field: `staff.${i}.login`, code: 'required' });
  const pw = passwordProblem(s.password ?? '');
  if (pw) fields.push({ field: `staff.${i}.password`, code: pw });
  if (!s.roles?.length) fields.push({ field: `staff.${i}.roles`, code: 'roles.required' });
  if (fields.length) throw new DeskError('validation', fields);
  return StaffSchema.parse({
    id: newId(),
    officeId,
    fullName: s.fullName.trim(),
    position: s.position,
    login: s.login.trim().toLowerCase(),
    roles: [...new Set(s.roles)],
    password: await hashPassword(s.password),
    // Made while the password is known, so the account can sign in first on any laptop of the office.
    keys: await makeStaffKeys(s.password),
    active: true,
    createdAt: ctx.now(),
  });
}

export async function setup(ctx: DeskContext, input: SetupInput): Promise<Office> {
  if (await isSetUp(ctx)) throw new DeskError('setup.already');
  const parsed = OfficeSchema.safeParse({
    ...input.office,
    id: newId(),
    createdAt: ctx.now(),
    utcOffsetMinutes: input.office.utcOffsetMinutes ?? KZ_UTC_OFFSET_MINUTES,
    idleLockMinutes: input.office.idleLockMinutes ?? 15,
    hours: input.office.hours ?? DEFAULT_HOURS,
  });
  if (!parsed.success) {
    throw new DeskError(
      'validation',
      parsed.error.issues.map((i) => ({ field: `office.${i.path.join('.')}`, code: 'required' })),
    );
  }
  const office = parsed.data;
  if (!input.staff.length) throw new DeskError('validation', [{ field: 'staff', code: 'staff.required' }]);
  const logins = input.staff.map((s) => s.login.trim().toLowerCase());
  const dup = logins.find((l, i) => logins.indexOf(l) !== i);
  if (dup)
    throw new DeskError('validation', [{ field: `staff.${logins.lastIndexOf(dup)}.login`, code: 'login.taken' }]);
  const roles = new Set(input.staff.flatMap((s) => s.roles));
  for (const r of ['clerk', 'head', 'executor'] as const) {
    if (!roles.has(r))
      throw new DeskError('validation', [{ field: 'staff', code: 'roles.missing', params: { role: r } }]);
  }
  const staff: Staff[] = [];
  for (const [i, s] of input.staff.entries()) staff.push(await makeStaff(ctx, office.id, s, i));
  const kgs = (input.kindergartens ?? []).map((k) => ({ ...k, id: newId(), updatedAt: ctx.now() }));
  const { db } = ctx;
  // First run in two windows at once would make two offices, each with its own data key: one at a time.
  await withWindowLock(VAULT_KEY_LOCK, async () => {
    if (await isSetUp(ctx)) throw new DeskError('setup.already');
    await ctx.vault.create();
    try {
      // Wrapped before the transaction (an await on WebCrypto inside it would let IndexedDB commit early).
      const ring: Keyring = {};
      for (const [i, s] of staff.entries()) ring[s.id] = await ctx.vault.wrapFor(input.staff[i].password);
      await db.transaction(
        'rw',
        [db.meta, db.offices, db.staff, db.kindergartens, db.counters, db.outbox],
        async () => {
          // Checked again with the writes: without Web Locks another window may have set up meanwhile.
          if (await db.meta.get('officeId')) throw new DeskError('setup.already');
          await db.meta.put({ key: 'keyring', value: ring });
          await db.offices.add(office);
          await db.staff.bulkAdd(staff);
          await db.kindergartens.bulkAdd(kgs);
          await db.meta.put({ key: 'officeId', value: office.id });
          await db.meta.put({ key: 'lang', value: input.lang });
          await appendOp(ctx, {
            entity: 'office',
            entityId: office.id,
            kind: 'create',
            fields: office,
            baseVersion: 0,
            staffId: staff[0].id,
          });
          for (const s of staff) {
            const { password: _pw, ...pub } = s;
            await appendOp(ctx, {
              entity: 'staff',
              entityId: s.id,
              kind: 'create',
              fields: pub,
              baseVersion: 0,
              staffId: staff[0].id,
            });
          }
          for (const k of kgs)
            await appendOp(ctx, {
              entity: 'kindergarten',
              entityId: k.id,
              kind: 'create',
              fields: k,
              baseVersion: 0,
              staffId: staff[0].id,
            });
        },
      );
    } catch (e) {
      // A key that sealed nothing kept must not stay in memory.
      ctx.vault.lock();
      throw e;
    }
    await saveToOs(ctx);
  });
  return office;
}

export async function addStaff(ctx: DeskContext, actorId: string, input: StaffInput): Promise<Staff> {
  const office = await currentOffice(ctx);
  const staff = await makeStaff(ctx, office.id, input, 0);
  const { db } = ctx;
  if (await db.staff.where('login').equals(staff.login).count())
    throw new DeskError('validation', [{ field: 'staff.0.login', code: 'login.taken' }]);
  await addToKeyring(ctx, { [staff.id]: input.password });
  await db.transaction('rw', [db.meta, db.staff, db.counters, db.outbox], async () => {
    if (await db.staff.where('login').equals(staff.login).count())
      throw new DeskError('validation', [{ field: 'staff.0.login', code: 'login.taken' }]);
    await db.staff.add(staff);
    const { password: _pw, ...pub } = staff;
    await appendOp(ctx, {
      entity: 'staff',
      entityId: staff.id,
      kind: 'create',
      fields: pub,
      baseVersion: 0,
      staffId: actorId,
    });
  });
  await wrapForColleagues(ctx);
  return staff;
}

/** Anything sealed yet? A fresh enrolment has only reference data, so a new master may be made. */
async function hasSealedData(ctx: DeskContext): Promise<boolean> {
  return (await ctx.db.applications.count()) + (await ctx.db.refusals.count()) + (await ctx.db.outbox.count()) > 0;
}

/** Opens the vault from what is already there: the OS key store (Electron), then the person's own wrapped copy. */
async function unlockFromStore(ctx: DeskContext, staff: Staff, password: string): Promise<void> {
  if (!ctx.vault.unlocked && ctx.osKeyStore) {
    const v = await ctx.osKeyStore.get(OS_KEY_NAME);
    if (v) await ctx.vault.importFromOs(v);
  }
  if (ctx.vault.unlocked) return;
  const mine = (await keyring(ctx))[staff.id];
  if (mine) await ctx.vault.unwrap(password, mine);
  if (ctx.vault.unlocked) return;
  // First time on this laptop: the copy a colleague's session made for this person's key pair.
  const theirs = (await colleagueRing(ctx))[staff.id];
  if (theirs && staff.keys) await ctx.vault.unwrapWithKeys(password, staff.keys, theirs);
}

/**
 * The first sign-in after enrolment makes the office's master (nothing is
 * sealed yet). Two windows signing in at once each made one and sealed under
 * it, splitting the office's data for good (issue #11). So the master is made
 * under a lock every window of the profile shares, after looking again
 * inside it: if another window made it meanwhile, this person's copy (or the
 * OS store) opens that one. And the key ring is written only if it is still
 * empty, in the transaction that checks it, so that without Web Locks a
 * second master still never lands; the window that lost adopts the first.
 */
async function makeFirstMaster(ctx: DeskContext, staff: Staff, password: string): Promise<void> {
  await withWindowLock(VAULT_KEY_LOCK, async () => {
    await unlockFromStore(ctx, staff, password);
    if (ctx.vault.unlocked) return;
    if (Object.keys(await keyring(ctx)).length || (await hasSealedData(ctx))) return;
    // Made aside: until it is the office's, nothing in this window may seal with it.
    const candidate = new Vault();
    await candidate.create();
    const wrapped = await candidate.wrapFor(password);
    const { db } = ctx;
    const made = await db.transaction('rw', [db.meta, db.applications, db.refusals, db.outbox], async () => {
      if (Object.keys(await keyring(ctx)).length || (await hasSealedData(ctx))) return false;
      await db.meta.put({ key: 'keyring', value: { [staff.id]: wrapped } });
      return true;
    });
    if (made) await ctx.vault.adopt(candidate);
    else {
      candidate.lock();
      await unlockFromStore(ctx, staff, password);
    }
    await saveToOs(ctx);
  });
}

/**
 * Opens the vault for a person whose password was just verified: from the OS
 * key store (Electron), their own wrapped copy, or, when nothing is sealed yet
 * (first sign-in after enrolment), a new master. Their copy is added if missing.
 */
async function openVault(ctx: DeskContext, staff: Staff, password: string): Promise<void> {
  await unlockFromStore(ctx, staff, password);
  if (!ctx.vault.unlocked) await makeFirstMaster(ctx, staff, password);
  // Another person made the key and this one has no copy yet: a colleague who has one signs in first.
  if (!ctx.vault.unlocked) throw new DeskError('vault.noKey');
  if (!(await keyring(ctx))[staff.id]) await addToKeyring(ctx, { [staff.id]: password });
  await ensureOwnKeys(ctx, staff, password);
  await wrapForColleagues(ctx);
  await saveToOs(ctx);
}

/** Failed attempts slow the next ones down: 3 free, then 2, 4, 8... seconds, at most 5 minutes. */
async function throttle(ctx: DeskContext): Promise<void> {
  const f = (await ctx.db.meta.get('authFailures'))?.value as { count: number; until: number } | undefined;
  const wait = f ? f.until - Date.now() : 0;
  if (wait > 0) throw new DeskError('auth.tooManyAttempts', [], { seconds: Math.ceil(wait / 1000) });
}
async function failed(ctx: DeskContext): Promise<never> {
  const f = ((await ctx.db.meta.get('authFailures'))?.value as { count: number; until: number } | undefined) ?? {
    count: 0,
    until: 0,
  };
  const count = f.count + 1;
  const delay = count <= 3 ? 0 : Math.min(300_000, 1000 * 2 ** (count - 3));
  await ctx.db.meta.put({ key: 'authFailures', value: { count, until: Date.now() + delay } });
  throw new DeskError('auth.badCredentials');
}
const succeeded = (ctx: DeskContext) => ctx.db.meta.delete('authFailures');

const sessionOf = (staff: Staff, office: Office): Session => ({
  staff: {
    id: staff.id,
    fullName: staff.fullName,
    roles: staff.roles,
    login: staff.login,
    ...(staff.lang ? { lang: staff.lang } : {}),
  },
  office,
  // A one-time password set by the district: the person chooses their own before anything else.
  ...(staff.mustChangePassword ? { mustChangePassword: true } : {}),
});

/** Wrong PINs in a row after which a person must use their password (which clears the count). */
const PIN_TRIES = 5;
const pinFailuresKey = (staffId: string) => `pinFailures:${staffId}`;

/** meta key: the district's password hash a person replaced with their own on this desk. */
const replacedKey = (staffId: string) => `passwordReplaced:${staffId}`;

/**
 * Keeps the password a person uses on this desk over the district's one-time
 * one (`districtHash`) at later pulls: a standalone office's person the
 * district had made an account for before the office joined. Inside a
 * transaction over db.meta.
 */
export async function keepOwnPasswordOver(ctx: DeskContext, staffId: string, districtHash: string): Promise<void> {
  await ctx.db.meta.put({ key: replacedKey(staffId), value: districtHash });
}

/**
 * A staff record pulled from the district, as this desk keeps it (inside the
 * pull's transaction: db.staff and db.meta). A password chosen on the desk
 * stays on the desk (an op never carries a hash), so the district keeps
 * sending the hash it knows: while that is the one the person replaced here,
 * their own password and its cleared must-change flag stand; a different one
 * (the district reset the password again) takes over.
 */
export async function keepLocalPassword(
  ctx: DeskContext,
  prev: Staff | undefined,
  rec: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const pulled = rec.password as Staff['password'] | undefined;
  if (!prev || !pulled) return rec;
  const replaced = (await ctx.db.meta.get(replacedKey(prev.id)))?.value;
  if (replaced === undefined) return rec;
  if (pulled.hash === replaced) return { ...rec, password: prev.password, mustChangePassword: false };
  await ctx.db.meta.delete(replacedKey(prev.id));
  return rec;
}

export class Sessions {
  private current: Session | null = null;
  private locked: Session | null = null;
  constructor(private ctx: DeskContext) {}

  async signIn(login: string, password: string): Promise<Session> {
    await throttle(this.ctx);
    const staff = await this.ctx.db.staff
      .where('login')
      .equals((login ?? '').trim().toLowerCase())
      .first();
    // Verify even for an unknown login so timing does not tell which logins exist.
    const ok = await verifyPassword(password ?? '', staff?.password ?? DUMMY_HASH);
    if (!staff || !ok || !staff.active) return failed(this.ctx);
    await succeeded(this.ctx);
    // A colleague signing in on an open desk gets their own copy of the key (their password was just verified).
    await openVault(this.ctx, staff, password);
    // The password is the way back after too many wrong PINs.
    await this.ctx.db.meta.delete(pinFailuresKey(staff.id));
    const office = await currentOffice(this.ctx);
    this.current = sessionOf(staff, office);
    this.locked = null;
    this.ctx.sessionStore?.setItem(SESSION_KEY, staff.id);
    return this.current;
  }

  /**
   * After a reload in the same tab: in Electron the OS key store reopens the
   * vault and the person stays signed in; in a browser the keys are gone with
   * the page, so the person is shown the lock screen (their password reopens it).
   */
  async restore(): Promise<Session | null> {
    const id = this.ctx.sessionStore?.getItem(SESSION_KEY);
    if (!id) return null;
    const staff = await this.ctx.db.staff.get(id);
    if (!staff?.active) return null;
    const office = await currentOffice(this.ctx);
    const v = this.ctx.osKeyStore ? await this.ctx.osKeyStore.get(OS_KEY_NAME) : null;
    if (v) {
      await this.ctx.vault.importFromOs(v);
      this.current = sessionOf(staff, office);
      return this.current;
    }
    this.locked = sessionOf(staff, office);
    return null;
  }

  lock() {
    if (!this.current) return;
    this.locked = this.current;
    this.current = null;
    // In Electron the OS store could reopen it, but a locked screen must not read records either.
    this.ctx.vault.lock();
  }

  lockedSession(): Session | null {
    return this.locked;
  }

  async unlock(secret: string): Promise<Session> {
    const who = this.locked;
    if (!who) throw new DeskError('auth.required');
    await throttle(this.ctx);
    const staff = await this.ctx.db.staff.get(who.staff.id);
    if (!staff?.active) return failed(this.ctx);
    const ring = await keyring(this.ctx);
    const pinEntry = ring[`pin:${staff.id}`];
    let ok = false;
    if (/^\d{4,8}$/.test(secret) && pinEntry) ok = await this.ctx.vault.unwrap(secret, pinEntry);
    if (!ok && (await verifyPassword(secret, staff.password))) {
      await openVault(this.ctx, staff, secret);
      ok = true;
    }
    if (!ok) return failed(this.ctx);
    await succeeded(this.ctx);
    this.current = sessionOf(staff, await currentOffice(this.ctx));
    this.locked = null;
    this.ctx.sessionStore?.setItem(SESSION_KEY, staff.id);
    return this.current;
  }

  /**
   * The signed-in person's new password, kept on this desk (and its data key
   * wrapped under it). Required after a sign-in with a one-time password from
   * the district (the session allows nothing else until then).
   */
  async changePassword(current: string, next: string): Promise<Session> {
    const who = this.current;
    if (!who) throw new DeskError(this.locked ? 'auth.locked' : 'auth.required');
    const staff = await this.ctx.db.staff.get(who.staff.id);
    if (!staff?.active) throw new DeskError('auth.required');
    if (!(await verifyPassword(current ?? '', staff.password)))
      throw new DeskError('validation', [{ field: 'current', code: 'password.currentWrong' }]);
    const problem = passwordProblem(next ?? '');
    if (problem) throw new DeskError('validation', [{ field: 'next', code: problem }]);
    if (next === current) throw new DeskError('validation', [{ field: 'next', code: 'password.same' }]);
    const hash = await hashPassword(next);
    // A new pair under the new password: the old one opened with a password that is now given up.
    const keys = await makeStaffKeys(next);
    const { db } = this.ctx;
    const at = this.ctx.now();
    await db.transaction('rw', [db.staff, db.meta, db.counters, db.outbox], async () => {
      const cur = await db.staff.get(staff.id);
      if (!cur) return;
      // The district's hash is the one to recognise on later pulls: remembered at the first change only.
      if (!(await db.meta.get(replacedKey(staff.id))))
        await db.meta.put({ key: replacedKey(staff.id), value: cur.password.hash });
      await db.staff.put({ ...cur, password: hash, mustChangePassword: false, passwordChangedAt: at, keys });
      await db.meta.put({ key: keysCheckedKey(staff.id), value: { publicKey: keys.publicKey, hash: hash.hash } });
      // The district learns that it was changed (its console stops saying "must change"), never the
      // hash. District accounts change theirs in the console, which records it itself.
      if (who.office.type !== 'districtEducation')
        await appendOp(this.ctx, {
          entity: 'staff',
          entityId: staff.id,
          kind: 'patch',
          fields: { passwordChangedAt: at, keys },
          baseVersion: 0,
          staffId: staff.id,
        });
    });
    await addToKeyring(this.ctx, { [staff.id]: next });
    await wrapForColleagues(this.ctx);
    await saveToOs(this.ctx);
    this.current = sessionOf({ ...staff, mustChangePassword: false }, who.office);
    return this.current;
  }

  /**
   * The signed-in person's language, kept on their own record: it follows them to the office's
   * other laptops with the next sync (a self field: shared/records/kinds.ts). District accounts
   * are the console's: theirs stays on this laptop.
   */
  async setOwnLang(lang: Lang): Promise<void> {
    const who = this.require();
    if (!LangSchema.safeParse(lang).success) throw new DeskError('validation', [{ field: 'lang', code: 'invalid' }]);
    const { db } = this.ctx;
    await db.transaction('rw', [db.staff, db.meta, db.counters, db.outbox], async () => {
      const cur = await db.staff.get(who.staff.id);
      if (!cur || cur.lang === lang) return;
      await db.staff.put({ ...cur, lang });
      if (who.office.type !== 'districtEducation')
        await appendOp(this.ctx, {
          entity: 'staff',
          entityId: cur.id,
          kind: 'patch',
          fields: { lang },
          baseVersion: 0,
          staffId: cur.id,
        });
    });
    this.current = { ...who, staff: { ...who.staff, lang } };
  }

  async setPin(pin: string): Promise<void> {
    const s = this.require();
    if (!/^\d{4,8}$/.test(pin)) throw new DeskError('validation', [{ field: 'pin', code: 'pin.format' }]);
    await addToKeyring(this.ctx, { [`pin:${s.staff.id}`]: pin });
    await this.ctx.db.meta.delete(pinFailuresKey(s.staff.id));
  }

  /** Whether the signed-in person has a PIN on this laptop (the desk offers to set one at their first sign-in). */
  async hasPin(): Promise<boolean> {
    const s = this.current;
    return !!s && !!(await keyring(this.ctx))[`pin:${s.staff.id}`];
  }

  /**
   * Who can take the desk over with a PIN on this laptop (issue #16 item 2): the office's active
   * staff with a PIN here and not locked out of it. Names and ids only.
   */
  async pinPeople(): Promise<Array<{ id: string; fullName: string }>> {
    if (!(await isSetUp(this.ctx))) return [];
    const ring = await keyring(this.ctx);
    const out: Array<{ id: string; fullName: string }> = [];
    for (const s of await this.ctx.db.staff.toArray()) {
      if (!s.active || !ring[`pin:${s.id}`]) continue;
      const tries = ((await this.ctx.db.meta.get(pinFailuresKey(s.id)))?.value as number | undefined) ?? 0;
      if (tries < PIN_TRIES) out.push({ id: s.id, fullName: s.fullName });
    }
    return out.sort((a, b) => a.fullName.localeCompare(b.fullName, 'kk'));
  }

  /**
   * A colleague takes the desk over with their own PIN. The PIN is checked by opening their copy
   * of the data key (PBKDF2, 310,000 rounds, its own salt): no other verifier of it exists. After
   * PIN_TRIES wrong PINs in a row only their password lets them in (pin.usePassword).
   */
  async signInWithPin(staffId: string, pin: string): Promise<Session> {
    await throttle(this.ctx);
    const staff = await this.ctx.db.staff.get(staffId ?? '');
    const entry = (await keyring(this.ctx))[`pin:${staffId}`];
    if (!staff?.active || !entry) throw new DeskError('pin.usePassword');
    const key = pinFailuresKey(staff.id);
    const tries = ((await this.ctx.db.meta.get(key))?.value as number | undefined) ?? 0;
    if (tries >= PIN_TRIES) throw new DeskError('pin.usePassword');
    const candidate = new Vault();
    if (!/^\d{4,8}$/.test(pin ?? '') || !(await candidate.unwrap(pin, entry))) {
      await this.ctx.db.meta.put({ key, value: tries + 1 });
      if (tries + 1 >= PIN_TRIES) throw new DeskError('pin.usePassword');
      // Counted per person above (PIN_TRIES, then the password): no slowdown for the colleagues too.
      throw new DeskError('auth.badCredentials');
    }
    await succeeded(this.ctx);
    await this.ctx.db.meta.delete(key);
    await this.ctx.vault.adopt(candidate);
    await wrapForColleagues(this.ctx);
    this.current = sessionOf(staff, await currentOffice(this.ctx));
    this.locked = null;
    this.ctx.sessionStore?.setItem(SESSION_KEY, staff.id);
    return this.current;
  }

  /**
   * Signing out hands the desk to a colleague: the data stays unreadable
   * without a sign-in, but the key stays in memory so the next person who
   * signs in gets their own copy of it. The idle lock and a reload do drop it.
   */
  signOut() {
    this.current = null;
    this.locked = null;
    this.ctx.sessionStore?.removeItem(SESSION_KEY);
  }

  get(): Session | null {
    return this.current;
  }

  require(): Session {
    if (!this.current) throw new DeskError(this.locked ? 'auth.locked' : 'auth.required');
    if (this.current.mustChangePassword) throw new DeskError('auth.mustChangePassword');
    return this.current;
  }

  refreshOffice(office: Office) {
    if (this.current) this.current = { ...this.current, office };
  }
}

const DUMMY_HASH = {
  alg: 'PBKDF2-SHA256' as const,
  iterations: 310_000,
  salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
  hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
};
