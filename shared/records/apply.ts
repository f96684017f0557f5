/**
 * Laying an op's fields over a record, written once. The desk uses it to put
 * its unacknowledged ops back on top of what it pulls; the server uses it to
 * know what the sending laptop now holds (and so whether a pull must send the
 * record back to it). The server's three-way merge is ./merge.ts.
 */
import { FREE_PLACES_DELTA_FIELD } from '../sync/protocol';
import type { Op } from '../sync/ops';
import type { RecordKind } from './kinds';

type Rec = Record<string, unknown>;
type AgeGroup = { id: string; freePlaces: number };

/**
 * The fields laid over the record: null removes a removable (optional) field
 * and is kept as a value where the schema allows null (`priority`); undefined
 * removes. The kindergarten places delta is not a field (see applyPlacesDelta).
 */
export function layFields(kind: RecordKind, rec: Rec, fields: Rec): Rec {
  const laid = Object.entries(fields).filter(([k]) => k !== FREE_PLACES_DELTA_FIELD);
  const removed = new Set(
    laid.filter(([k, v]) => v === undefined || (v === null && kind.removable.has(k))).map(([k]) => k),
  );
  const out: Rec = removed.size ? Object.fromEntries(Object.entries(rec).filter(([k]) => !removed.has(k))) : { ...rec };
  for (const [k, v] of laid) if (!removed.has(k)) out[k] = v;
  return out;
}

export type PlacesDelta = Record<string, number>;
export type Overbooked = { field: string; server: number; device: number };

/** The delta's shape, or the reason it has none: an object of age-group ids to integers. */
export function placesDeltaProblem(
  rec: Rec,
  delta: unknown,
): { reason: 'validation' | 'kindergarten.noAgeGroup'; path: string[] } | null {
  if (!delta || typeof delta !== 'object' || Array.isArray(delta))
    return { reason: 'validation', path: [FREE_PLACES_DELTA_FIELD] };
  const groups: Rec[] = Array.isArray(rec.ageGroups) ? rec.ageGroups : [];
  for (const [gid, d] of Object.entries(delta)) {
    if (typeof d !== 'number' || !Number.isInteger(d) || Math.abs(d) > 10_000)
      return { reason: 'validation', path: [FREE_PLACES_DELTA_FIELD, gid] };
    if (!groups.some((g) => g.id === gid))
      return { reason: 'kindergarten.noAgeGroup', path: [FREE_PLACES_DELTA_FIELD, gid] };
  }
  return null;
}

/**
 * Kindergarten places as a counter: the delta is added to each group's free
 * places, never below zero. Referrals issued offline are already in parents'
 * hands, so going below zero is recorded (overbooked), not refused.
 * The delta must have passed placesDeltaProblem.
 */
export function applyPlacesDelta(rec: Rec, delta: PlacesDelta): { rec: Rec; overbooked: Overbooked[] } {
  const groups: AgeGroup[] = Array.isArray(rec.ageGroups) ? rec.ageGroups : [];
  const overbooked: Overbooked[] = [];
  const next = groups.map((g) => {
    const d = delta[g.id];
    if (!d) return g;
    const want = g.freePlaces + d;
    if (want < 0) overbooked.push({ field: `ageGroups.${g.id}.freePlaces`, server: g.freePlaces, device: d });
    return { ...g, freePlaces: Math.max(0, want) };
  });
  return { rec: { ...rec, ageGroups: next }, overbooked };
}

/**
 * A record as this device holds it: the server's copy with the device's own
 * unacknowledged ops laid over it again, in order. Creates are skipped (the
 * server's copy already is one), and so are deltas the server would refuse.
 */
export function rebase(kind: RecordKind, base: Rec, pending: ReadonlyArray<Pick<Op, 'kind' | 'fields'>>): Rec {
  let rec = base;
  for (const op of pending) {
    if (op.kind === 'create') continue;
    rec = layFields(kind, rec, op.fields);
    const delta = op.fields[FREE_PLACES_DELTA_FIELD];
    if (delta !== undefined && !placesDeltaProblem(rec, delta)) rec = applyPlacesDelta(rec, delta as PlacesDelta).rec;
  }
  return rec;
}
