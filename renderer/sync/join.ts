/**
 * A standalone office joining the district later, keeping its records (issue
 * #16 item 8). The laptop sends what the district must know first (its staff,
 * the kindergartens its records name, the numbers it gave: JoinRequest); the
 * server takes them in with the enrolment (server/admin/join.ts) and says which
 * of its own ids stand for the office, its people and its kindergartens. Then,
 * in one transaction with the enrolment, every record here is rewritten under
 * the district's ids and the outbox becomes the laptop's first push: its ops in
 * their order, renumbered from 1 (the district never saw this device), without
 * the ops of the office, staff and kindergartens, which the join brought as
 * they stand now (replayed, their older versions would conflict with what the
 * join created).
 *
 * The answer is kept (JOIN_PENDING) before anything is rewritten: a laptop
 * that stops in between finishes the join at its next sync run, since the code
 * is used up on the server by then.
 */
import Dexie from 'dexie';
import type { EnrolResponse, JoinRequest, Staff } from '../../shared';
import type { DeskContext } from '../services/context';
import { fromRow, inTx, opFromRow, opToRow, refusalFromRow, refusalToRow, toRow } from '../services/indexes';
import { complaintFromRow, complaintToRow } from '../services/complaints';

/** Meta key: the server's answer to a join, until the records here are rewritten under it. */
export const JOIN_PENDING = 'joinPending';

export type PendingJoin = { res: EnrolResponse; baseUrl: string; deviceName: string; localOfficeId: string };

/** Entities whose ops the join replaces with their records as they stand (see above). */
const BROUGHT_BY_JOIN = new Set(['office', 'staff', 'kindergarten']);

/** What the district must know before this office's records can arrive. */
export async function joinRequest(ctx: DeskContext): Promise<JoinRequest> {
  const officeId = (await ctx.db.meta.get('officeId'))?.value as string | undefined;
  const staff = (await ctx.db.staff.toArray()).map(({ password: _p, ...pub }) => pub);
  const kindergartens = await ctx.db.kindergartens.toArray();
  const numbers: JoinRequest['numbers'] = [];
  // A standalone office counts per (journal, office, year) from 1 (services/numbers.ts nextNumber).
  for (const c of await ctx.db.counters.toArray()) {
    const [journal, office, year] = c.key.split('|');
    if (office !== officeId || !year || c.next <= 1) continue;
    numbers.push({ journal, year: Number(year), upTo: c.next - 1 });
  }
  return { staff, kindergartens, numbers };
}

/** Local ids that the district knows by another id (its own office, people it had made first, kindergartens it has). */
export function joinIdMap(p: PendingJoin): Map<string, string> {
  const joined = p.res.joined;
  const map = new Map<string, string>([[p.localOfficeId, p.res.officeId]]);
  for (const [from, to] of [...Object.entries(joined?.staff ?? {}), ...Object.entries(joined?.kindergartens ?? {})])
    if (from !== to) map.set(from, to);
  if (map.get(p.localOfficeId) === p.localOfficeId) map.delete(p.localOfficeId);
  return map;
}

/** The value with every id of the map replaced: ids are whole strings (UUIDs), so a string equal to one is that id. */
export function remapIds<T>(value: T, map: ReadonlyMap<string, string>): T {
  if (!map.size) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return map.get(v) ?? v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [renameKey(k, map), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Keys that embed an id (meta 'keysChecked:<staff id>', keyring 'pin:<staff id>'). */
function renameKey(key: string, map: ReadonlyMap<string, string>): string {
  for (const [from, to] of map) if (key.includes(from)) return key.split(from).join(to);
  return key;
}

/**
 * Rewrites this laptop's records and outbox under the district's ids. Runs in
 * the caller's 'rw' transaction over every table (sealing waits inside it:
 * inTx).
 */
export async function rehomeRecords(ctx: DeskContext, p: PendingJoin): Promise<void> {
  const { db, vault } = ctx;
  const map = joinIdMap(p);
  for (const row of await db.applications.toArray()) {
    const app = remapIds(await fromRow(vault, row), map);
    await db.applications.put(await toRow(vault, app, row));
  }
  for (const row of await db.refusals.toArray()) {
    await db.refusals.put(await refusalToRow(vault, remapIds(await refusalFromRow(vault, row), map)));
  }
  for (const row of await db.complaints.toArray()) {
    await db.complaints.put(await complaintToRow(ctx, remapIds(await complaintFromRow(ctx, row), map)));
  }
  for (const table of [db.access, db.visits, db.techProtocols] as Dexie.Table<{ id: string }, string>[]) {
    await table.bulkPut((await table.toArray()).map((r) => remapIds(r, map)));
  }
  // The outbox: the laptop's work in its order, renumbered from 1 without what the join brought.
  const kept = [];
  for (const row of await db.outbox.orderBy('deviceSeq').toArray()) {
    if (BROUGHT_BY_JOIN.has(row.entity)) continue;
    const op = remapIds(await opFromRow(vault, row), map);
    kept.push(await opToRow(vault, { ...op, deviceSeq: kept.length + 1 }, row.createdAt));
  }
  await db.outbox.clear();
  await db.outbox.bulkAdd(kept);
  await db.counters.put({ key: 'deviceSeq', next: kept.length + 1 });
  // The office's own counts end: from now on numbers come from the district's blocks.
  const own = (await db.counters.toArray()).filter((c) => c.key.split('|')[1] === p.localOfficeId);
  await db.counters.bulkDelete(own.map((c) => c.key));
  await rehomeMeta(ctx, map);
}

/** Meta rows naming a local id: keys renamed, values rewritten; drafts sealed under their key are sealed again. */
async function rehomeMeta(ctx: DeskContext, map: ReadonlyMap<string, string>): Promise<void> {
  const { db, vault } = ctx;
  for (const row of await db.meta.toArray()) {
    const key = renameKey(row.key, map);
    const draft = row.key.startsWith('draft:') ? (row.value as { savedAt: string; sealed?: unknown }) : null;
    let value: unknown;
    if (draft?.sealed) {
      const open = await inTx(vault.open<unknown>(draft.sealed as never, row.key));
      value = { savedAt: draft.savedAt, sealed: await inTx(vault.seal(remapIds(open, map) as never, key)) };
    } else {
      value = remapIds(row.value, map);
    }
    if (key !== row.key) await db.meta.delete(row.key);
    await db.meta.put({ key, value });
  }
}

/**
 * This laptop's people under the district's ids. Someone the district had
 * made already (same login) keeps the password and key pair they use here:
 * the district's one-time password is for other laptops, so it is marked as
 * replaced here (auth.ts keepLocalPassword keeps the local one over it at the
 * next pull). Returns the people whose key pair the district must be told.
 */
export function rehomedStaff(local: Staff[], p: PendingJoin): { rows: Staff[]; matched: Staff[] } {
  const map = joinIdMap(p);
  const district = new Map(p.res.reference.staff.map((s) => [s.id, s]));
  const rows: Staff[] = [];
  const matched: Staff[] = [];
  for (const s of local) {
    const id = map.get(s.id) ?? s.id;
    const theirs = district.get(id);
    const row: Staff = {
      ...s,
      ...(theirs
        ? { fullName: theirs.fullName, position: theirs.position, roles: theirs.roles, active: theirs.active }
        : {}),
      id,
      officeId: p.res.officeId,
      password: s.password,
      ...(s.keys ? { keys: s.keys } : {}),
    };
    delete row.mustChangePassword;
    rows.push(row);
    if (id !== s.id) matched.push(row);
  }
  return { rows, matched };
}
