/**
 * Office setup and staff sign-in, all offline: passwords are checked against
 * PBKDF2 hashes kept in IndexedDB. Hashing happens before any transaction
 * opens, because an await on WebCrypto would let IndexedDB commit early.
 */
import {
  OfficeSchema, StaffSchema, hashPassword, newId, passwordProblem, verifyPassword,
  DEFAULT_HOURS, KZ_UTC_OFFSET_MINUTES, type Office, type Staff, type FieldError,
} from '../../shared';
import { DeskError, type Session, type SetupInput } from './api';
import type { DeskContext } from './context';
import { appendOp } from './outbox';

const SESSION_KEY = 'akimat-desk.session';

export async function isSetUp(ctx: DeskContext): Promise<boolean> {
  return !!(await ctx.db.meta.get('officeId'));
}

export async function currentOffice(ctx: DeskContext): Promise<Office> {
  const id = (await ctx.db.meta.get('officeId'))?.value as string | undefined;
  const office = id ? await ctx.db.offices.get(id) : undefined;
  if (!office) throw new DeskError('setup.required');
  return office;
}

type StaffInput = SetupInput['staff'][number];

async function makeStaff(ctx: DeskContext, officeId: string, s: StaffInput, i: number): Promise<Staff> {
  const fields: FieldError[] = [];
  if (!s.fullName?.trim()) fields.push({ field: `staff.${i}.fullName`, code: 'required' });
  if (!s.login?.trim()) fields.push({ field: `staff.${i}.login`, code: 'required' });
  const pw = passwordProblem(s.password ?? '');
  if (pw) fields.push({ field: `staff.${i}.password`, code: pw });
  if (!s.roles?.length) fields.push({ field: `staff.${i}.roles`, code: 'roles.required' });
  if (fields.length) throw new DeskError('validation', fields);
  const staff = StaffSchema.parse({
    id: newId(), officeId, fullName: s.fullName.trim(), position: s.position, login: s.login.trim().toLowerCase(),
    roles: [...new Set(s.roles)], password: await hashPassword(s.password), active: true, createdAt: ctx.now(),
  });
  return staff;
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
    throw new DeskError('validation', parsed.error.issues.map((i) => ({ field: `office.${i.path.join('.')}`, code: 'required' })));
  }
  const office = parsed.data;
  if (!input.staff.length) throw new DeskError('validation', [{ field: 'staff', code: 'staff.required' }]);
  const logins = input.staff.map((s) => s.login.trim().toLowerCase());
  const dup = logins.find((l, i) => logins.indexOf(l) !== i);
  if (dup) throw new DeskError('validation', [{ field: `staff.${logins.lastIndexOf(dup)}.login`, code: 'login.taken' }]);
  const roles = new Set(input.staff.flatMap((s) => s.roles));
  for (const r of ['clerk', 'head', 'executor'] as const) {
    if (!roles.has(r)) throw new DeskError('validation', [{ field: 'staff', code: 'roles.missing', params: { role: r } }]);
  }
  const staff: Staff[] = [];
  for (const [i, s] of input.staff.entries()) staff.push(await makeStaff(ctx, office.id, s, i));
  const kgs = (input.kindergartens ?? []).map((k) => ({ ...k, id: newId(), updatedAt: ctx.now() }));
  const { db } = ctx;
  await db.transaction('rw', [db.meta, db.offices, db.staff, db.kindergartens, db.counters, db.outbox], async () => {
    await db.offices.add(office);
    await db.staff.bulkAdd(staff);
    await db.kindergartens.bulkAdd(kgs);
    await db.meta.put({ key: 'officeId', value: office.id });
    await db.meta.put({ key: 'lang', value: input.lang });
    await appendOp(ctx, { entity: 'office', entityId: office.id, kind: 'create', fields: office, baseVersion: 0, staffId: staff[0].id });
    for (const s of staff) {
      const { password: _pw, ...pub } = s;
      await appendOp(ctx, { entity: 'staff', entityId: s.id, kind: 'create', fields: pub, baseVersion: 0, staffId: staff[0].id });
    }
    for (const k of kgs) await appendOp(ctx, { entity: 'kindergarten', entityId: k.id, kind: 'create', fields: k, baseVersion: 0, staffId: staff[0].id });
  });
  return office;
}

export async function addStaff(ctx: DeskContext, actorId: string, input: StaffInput): Promise<Staff> {
  const office = await currentOffice(ctx);
  const staff = await makeStaff(ctx, office.id, input, 0);
  const { db } = ctx;
  await db.transaction('rw', [db.meta, db.staff, db.counters, db.outbox], async () => {
    if (await db.staff.where('login').equals(staff.login).count()) throw new DeskError('validation', [{ field: 'staff.0.login', code: 'login.taken' }]);
    await db.staff.add(staff);
    const { password: _pw, ...pub } = staff;
    await appendOp(ctx, { entity: 'staff', entityId: staff.id, kind: 'create', fields: pub, baseVersion: 0, staffId: actorId });
  });
  return staff;
}

export class Sessions {
  private current: Session | null = null;
  constructor(private ctx: DeskContext) {}

  async signIn(login: string, password: string): Promise<Session> {
    const staff = await this.ctx.db.staff.where('login').equals((login ?? '').trim().toLowerCase()).first();
    // Verify even for an unknown login so timing does not tell which logins exist.
    const ok = await verifyPassword(password ?? '', staff?.password ?? DUMMY_HASH);
    if (!staff || !ok || !staff.active) throw new DeskError('auth.badCredentials');
    const office = await currentOffice(this.ctx);
    this.current = { staff: { id: staff.id, fullName: staff.fullName, roles: staff.roles, login: staff.login }, office };
    this.ctx.sessionStore?.setItem(SESSION_KEY, staff.id);
    return this.current;
  }

  /** Restores the tab's session after a reload (same tab only: sessionStorage). */
  async restore(): Promise<Session | null> {
    const id = this.ctx.sessionStore?.getItem(SESSION_KEY);
    if (!id) return null;
    const staff = await this.ctx.db.staff.get(id);
    if (!staff?.active) return null;
    const office = await currentOffice(this.ctx);
    this.current = { staff: { id: staff.id, fullName: staff.fullName, roles: staff.roles, login: staff.login }, office };
    return this.current;
  }

  signOut() {
    this.current = null;
    this.ctx.sessionStore?.removeItem(SESSION_KEY);
  }

  get(): Session | null {
    return this.current;
  }

  require(): Session {
    if (!this.current) throw new DeskError('auth.required');
    return this.current;
  }

  refreshOffice(office: Office) {
    if (this.current) this.current = { ...this.current, office };
  }
}

const DUMMY_HASH = { alg: 'PBKDF2-SHA256' as const, iterations: 310_000, salt: 'AAAAAAAAAAAAAAAAAAAAAA==', hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' };
