/**
 * The district queue's places as every pull carries them (issue #17), computed
 * once per state of the applications, not once per pull: the window of
 * queuePositions runs when an application changed (or the day turned) and is
 * shared by every pull until the next change, so forty laptops syncing with
 * nothing new cost one computation, then a look-up of each office's
 * children. Concurrent pulls wait for the same computation.
 *
 * Each office's list has a tag (a hash of its entries). A laptop that sends
 * the tag of the list it holds gets only what changed since (new or moved
 * entries and the ids gone), or nothing but the tag when nothing did: over
 * EDGE the list of 1,500 places was 22 KB gzipped on every sync.
 */
import { createHash } from 'node:crypto';
import { localParts, type PullResponse, type QueueEntry } from '../../shared';
import type { Queryable } from '../db';
import { officePlaces, queueList, queueRowsOf, type QueueFilter, type QueueGroup } from './queue';

type OfficeList = { tag: string; entries: QueueEntry[] };
/** Every waiting child's place with what the district queue narrows by (ages ascending, positions ascending). */
type Place = { id: string; officeId: string; kindergartenIds: string[]; age: number; position: number; total: number };
type Snapshot = { key: string; byOffice: Map<string, OfficeList>; all: OfficeList; places: Place[] };
/**
 * A list kept only to answer laptops holding it (issue #17, memory): the ids, and each entry's
 * age, position and total as three numbers in a row, instead of an object per child.
 */
type PackedList = { tag: string; ids: string[]; nums: Int32Array };
type Kept = { key: string; byOffice: Map<string, PackedList>; all: PackedList };

/** Lists kept to answer a laptop whose list is a few changes old (per database). */
const KEPT = 4;
const DISTRICT = '';

type Cache = { current: Promise<Snapshot> | null; currentKey: string; kept: Kept[] };
const caches = new WeakMap<Queryable, Cache>();

const tagOf = (entries: QueueEntry[]) =>
  createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 22);

const pack = (l: OfficeList): PackedList => {
  const nums = new Int32Array(l.entries.length * 3);
  l.entries.forEach((e, i) => {
    nums[i * 3] = e.age;
    nums[i * 3 + 1] = e.position;
    nums[i * 3 + 2] = e.ofTotal;
  });
  return { tag: l.tag, ids: l.entries.map((e) => e.applicationId), nums };
};
const unpack = (l: PackedList): OfficeList => ({
  tag: l.tag,
  entries: l.ids.map((applicationId, i) => ({
    applicationId,
    age: l.nums[i * 3],
    position: l.nums[i * 3 + 1],
    ofTotal: l.nums[i * 3 + 2],
  })),
});

async function compute(db: Queryable, nowIso: string, key: string): Promise<Snapshot> {
  const rows = await officePlaces(db, nowIso, null);
  const grouped = new Map<string, QueueEntry[]>();
  const entries: QueueEntry[] = [];
  const places: Place[] = [];
  // The driver gives each row its own office id and list of kindergartens: one of each is kept.
  const offices = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (const { officeId: o, kindergartenIds: k, ...e } of rows) {
    let officeId = offices.get(o);
    if (officeId === undefined) offices.set(o, (officeId = o));
    const kKey = k.join('\n');
    let kindergartenIds = lists.get(kKey);
    if (kindergartenIds === undefined) lists.set(kKey, (kindergartenIds = k));
    entries.push(e);
    places.push({ id: e.applicationId, officeId, kindergartenIds, age: e.age, position: e.position, total: e.ofTotal });
    const list = grouped.get(officeId);
    if (list) list.push(e);
    else grouped.set(officeId, [e]);
  }
  const byOffice = new Map<string, OfficeList>();
  for (const [office, list] of grouped) byOffice.set(office, { tag: tagOf(list), entries: list });
  return { key, byOffice, all: { tag: tagOf(entries), entries }, places };
}

/**
 * What makes the places differ: the day (ages turn) and the last write that
 * changed what they are made of (migration 018; a print or a step does not).
 */
async function stateKey(db: Queryable, nowIso: string): Promise<string> {
  const { rows } = await db.query<{ seq: string | null }>('SELECT seq::text AS seq FROM queue_version WHERE id = 1');
  return `${localParts(nowIso).date}|${rows[0]?.seq ?? '0'}`;
}

async function snapshot(db: Queryable, nowIso: string): Promise<Snapshot> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { current: null, currentKey: '', kept: [] }));
  const key = await stateKey(db, nowIso);
  if (cache.current && cache.currentKey === key) return cache.current;
  const c = cache;
  const pending = compute(db, nowIso, key);
  c.current = pending;
  c.currentKey = key;
  try {
    const snap = await pending;
    // Kept states serve only the change lists of laptops holding them: packed, without their narrowing rows.
    const packed: Kept = {
      key,
      all: pack(snap.all),
      byOffice: new Map([...snap.byOffice].map(([o, l]) => [o, pack(l)])),
    };
    c.kept = [packed, ...c.kept.filter((s) => s.key !== key)].slice(0, KEPT);
    return snap;
  } catch (e) {
    // A failed computation is not kept: the next pull tries again.
    if (c.current === pending) {
      c.current = null;
      c.currentKey = '';
    }
    throw e;
  }
}

const sameEntry = (a: QueueEntry, b: QueueEntry) =>
  a.age === b.age && a.position === b.position && a.ofTotal === b.ofTotal;

/**
 * The places a pull carries: of `officeId`'s waiting children (null: every
 * office's, for the district's laptops), whole, or what changed since the list
 * tagged `since` when the server still holds it.
 */
export async function queueForPull(
  db: Queryable,
  nowIso: string,
  officeId: string | null,
  since?: string,
): Promise<NonNullable<PullResponse['queue']>> {
  const snap = await snapshot(db, nowIso);
  const office = officeId ?? DISTRICT;
  const now = officeId === null ? snap.all : (snap.byOffice.get(office) ?? { tag: tagOf([]), entries: [] });
  if (since === undefined) return { asOf: nowIso, tag: now.tag, entries: now.entries };
  if (since === now.tag) return { asOf: nowIso, tag: now.tag, base: since, entries: [], removed: [] };
  const packed = caches
    .get(db)
    // An office without waiting children then held the empty list (its tag is the same in every state).
    ?.kept.map((s) => (officeId === null ? s.all : (s.byOffice.get(office) ?? pack({ tag: tagOf([]), entries: [] }))))
    .find((l) => l.tag === since);
  if (!packed) return { asOf: nowIso, tag: now.tag, entries: now.entries };
  const held = unpack(packed);
  const before = new Map(held.entries.map((e) => [e.applicationId, e]));
  const ids = new Set(now.entries.map((e) => e.applicationId));
  return {
    asOf: nowIso,
    tag: now.tag,
    base: since,
    entries: now.entries.filter((e) => {
      const b = before.get(e.applicationId);
      return !b || !sameEntry(b, e);
    }),
    removed: held.entries.filter((e) => !ids.has(e.applicationId)).map((e) => e.applicationId),
  };
}

/**
 * The district queue narrowed and paged as queueList answers it, from the
 * places already computed for this state when no search is asked (office,
 * kindergarten and age filters are read from the places; only the page's
 * rows are read from the database). A search by IIN or name goes to
 * queueList's statement. The answers are the same (a test compares them).
 */
export async function narrowQueue(
  db: Queryable,
  nowIso: string,
  f: QueueFilter,
  page: { limit: number; offset: number } | null,
): Promise<{ groups: QueueGroup[]; matched: number }> {
  if (f.q) return queueList(db, nowIso, f, page);
  const { places } = await snapshot(db, nowIso);
  const inAge = f.age === undefined ? places : places.filter((x) => x.age === f.age);
  const hit = (x: Place) =>
    (!f.officeId || x.officeId === f.officeId) && (!f.kindergartenId || x.kindergartenIds.includes(f.kindergartenId));
  const groups = new Map<number, QueueGroup>();
  const found: Place[] = [];
  for (const x of inAge) {
    let g = groups.get(x.age);
    if (!g) groups.set(x.age, (g = { age: x.age, total: x.total, matched: 0, items: [] }));
    if (hit(x)) {
      g.matched++;
      found.push(x);
    }
  }
  const shown = page ? found.slice(page.offset, page.offset + page.limit) : found;
  const rows = await queueRowsOf(db, shown);
  const groupOf = new Map(shown.map((x) => [x.id, groups.get(x.age)]));
  for (const r of rows) groupOf.get(r.id)?.items.push(r);
  const sorted = [...groups.values()].sort((a, b) => a.age - b.age);
  return { groups: sorted, matched: found.length };
}
