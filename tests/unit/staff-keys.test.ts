// Issue #16 item 12: any staff member of the office signs in on any of its laptops, the first time
// included, after a reload, with nobody else present; the data key never travels nor rests in clear.
// Over a real Dexie on fake-indexeddb; the browser proof is tests/e2e/shared-laptop.spec.ts.
import '../helpers/browser-globals';
import { describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { Vault } from '../../renderer/services/vault';
import { applyChanges } from '../../renderer/sync/apply';
import { readableOps } from '../../renderer/services/outbox';
import type { DeskApi } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import {
  RECORD_KINDS,
  StaffKeysSchema,
  fromLocal,
  hashPassword,
  makeStaffKeys,
  makeStaffKeysSharingPassword,
  newId,
  notOwnFields,
  openStaffPrivateKey,
  type Staff,
  type StaffKeys,
} from '../../shared';
import { TEST_OFFICE_SETUP } from '../helpers/testOffice';

const staffKeysOpen = async (password: string, keys: StaffKeys) => !!(await openStaffPrivateKey(password, keys));

type Desk = DeskApi & { context: DeskContext };
let dbn = 0;
const clock = fromLocal('2026-03-20', '10:00');
const open = (name: string): Desk => createDesk({ db: new DeskDb(name), now: () => clock });

const SETUP = TEST_OFFICE_SETUP;

/** A colleague's record as another laptop of the office made it (with their key pair) and the pull brings it. */
async function colleagueFromSync(desk: Desk, password: string): Promise<Staff> {
  const officeId = (await desk.context.db.meta.get('officeId'))!.value as string;
  const rec: Staff = {
    id: newId(),
    officeId,
    fullName: 'Кеңсе Гүлнұр',
    login: 'clerk2',
    roles: ['clerk'],
    password: await hashPassword(password),
    keys: await makeStaffKeys(password),
    active: true,
    createdAt: clock,
  };
  await applyChanges(desk.context, [{ entity: 'staff', id: rec.id, version: 1, data: rec }], 'c1');
  return rec;
}

describe('key pairs and copies of the data key for colleagues', () => {
  it('a copy made for a public key opens only with that person’s password, and is bound to it', async () => {
    const vault = new Vault();
    await vault.create();
    const mine = await makeStaffKeys('secret123', 100_000);
    const theirs = await makeStaffKeys('secret123', 100_000);
    expect(StaffKeysSchema.safeParse(mine).success).toBe(true);
    const copy = await vault.wrapForPublicKey(mine.publicKey);
    const sealed = await vault.seal({ iin: '900504400012' }, 'a1');

    const other = new Vault();
    expect(await other.unwrapWithKeys('wrongpass1', mine, copy)).toBe(false);
    // Another person's pair, even with the same password, does not open a copy made for mine.
    expect(await other.unwrapWithKeys('secret123', theirs, { ...copy, publicKey: theirs.publicKey })).toBe(false);
    // A copy relabelled as made for someone else fails its authentication.
    expect(await other.unwrapWithKeys('secret123', theirs, copy)).toBe(false);
    expect(other.unlocked).toBe(false);
    expect(await other.unwrapWithKeys('secret123', mine, copy)).toBe(true);
    expect(await other.open(sealed, 'a1')).toEqual({ iin: '900504400012' });

    expect(await staffKeysOpen('secret123', mine)).toBe(true);
    expect(await staffKeysOpen('secret124', mine)).toBe(false);
    // Accounts sharing the demo's published password still get a pair each.
    const [a, b] = await makeStaffKeysSharingPassword('secret123', 2, 100_000);
    expect(a.publicKey).not.toBe(b.publicKey);
    expect((await staffKeysOpen('secret123', a)) && (await staffKeysOpen('secret123', b))).toBe(true);
    // Tampered ciphertext opens nothing.
    const flipped = copy.wrapped.startsWith('A') ? 'B' + copy.wrapped.slice(1) : 'A' + copy.wrapped.slice(1);
    expect(await new Vault().unwrapWithKeys('secret123', mine, { ...copy, wrapped: flipped })).toBe(false);
  });

  it('nothing that travels or rests holds the data key or a private key in clear', async () => {
    const desk = open(`keys-${++dbn}`);
    await desk.setup(SETUP);
    const master = desk.context.vault.exportForOs();
    const staff = await desk.context.db.staff.toArray();
    const rows = await desk.context.db.outbox.toArray();
    const ops = await readableOps(desk.context, rows);
    const meta = await desk.context.db.meta.toArray();
    const everything = JSON.stringify({ staff, ops, rows, meta });
    expect(everything).not.toContain(master);
    // Every account made with a known password has its pair, and the create op carries it to the server.
    for (const s of staff) {
      expect(s.keys).toBeDefined();
      const op = ops.find((o) => o.entity === 'staff' && o.entityId === s.id);
      expect(JSON.stringify(op)).toContain(s.keys!.publicKey);
    }
  });

  it('a colleague who never signed in on this laptop signs in after a reload (their record came by sync)', async () => {
    const name = `keys-${++dbn}`;
    const first = open(name);
    await first.setup(SETUP);
    await first.signOut();
    const reloaded = open(name);
    await reloaded.signIn('head', 'secret123');
    // The colleague's account, made on another laptop of the office, arrives while the head works here.
    await colleagueFromSync(reloaded, 'gulnur2026');
    reloaded.signOut();
    // A reload: the key leaves memory; nobody else signs in first.
    const fresh = open(name);
    const s = await fresh.signIn('clerk2', 'gulnur2026');
    expect(s.staff.login).toBe('clerk2');
    expect(fresh.context.vault.unlocked).toBe(true);
    // From now on their own password copy opens it too.
    const again = open(name);
    await again.signIn('clerk2', 'gulnur2026');
    expect(again.context.vault.unlocked).toBe(true);
  });

  it('a record that arrives while the key is locked gets its copy at the next sign-in of anyone who has the key', async () => {
    const name = `keys-${++dbn}`;
    const first = open(name);
    await first.setup(SETUP);
    const locked = open(name);
    await colleagueFromSync(locked, 'gulnur2026');
    await expect(open(name).signIn('clerk2', 'gulnur2026')).rejects.toMatchObject({ code: 'vault.noKey' });
    await open(name).signIn('exec', 'secret123');
    await open(name).signIn('clerk2', 'gulnur2026');
  });

  it('an account without a key pair gets one at its next sign-in, sent to the district as its own patch', async () => {
    const name = `keys-${++dbn}`;
    const desk = open(name);
    await desk.setup(SETUP);
    const clerk = (await desk.context.db.staff.where('login').equals('clerk').first())!;
    await desk.context.db.staff.put({ ...clerk, keys: undefined });
    const next = open(name);
    await next.signIn('clerk', 'secret123');
    const after = (await next.context.db.staff.get(clerk.id))!;
    expect(after.keys).toBeDefined();
    expect(await staffKeysOpen('secret123', after.keys!)).toBe(true);
    const patch = (await readableOps(next.context, await next.context.db.outbox.toArray())).find(
      (o) => o.entity === 'staff' && o.entityId === clerk.id && o.kind === 'patch',
    );
    expect(patch?.staffId).toBe(clerk.id);
    expect(patch?.fields).toEqual({ keys: after.keys });
  });

  it('a changed password makes a new pair under it', async () => {
    const name = `keys-${++dbn}`;
    const desk = open(name);
    await desk.setup(SETUP);
    await desk.signIn('clerk', 'secret123');
    await desk.changePassword('secret123', 'newsecret9');
    const clerk = (await desk.context.db.staff.where('login').equals('clerk').first())!;
    expect(await staffKeysOpen('newsecret9', clerk.keys!)).toBe(true);
    expect(await staffKeysOpen('secret123', clerk.keys!)).toBe(false);
  });
});

describe('who may write a key pair', () => {
  const kind = RECORD_KINDS.staff;
  const cur = { id: 'clerk-1', keys: { publicKey: 'old' } };
  it('only the person, once the record exists', () => {
    expect(notOwnFields(kind, 'head-1', cur, { keys: { publicKey: 'mine' } })).toEqual(['keys']);
    expect(notOwnFields(kind, 'clerk-1', cur, { keys: { publicKey: 'new' } })).toEqual([]);
    // Resending what the record holds changes nothing.
    expect(notOwnFields(kind, 'head-1', cur, { keys: { publicKey: 'old' } })).toEqual([]);
    // Whoever creates the account with its first password makes its pair.
    expect(notOwnFields(kind, 'head-1', null, { keys: { publicKey: 'x' } })).toEqual([]);
    expect(notOwnFields(kind, 'head-1', cur, { fullName: 'x' })).toEqual([]);
  });
});
