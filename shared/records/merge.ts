/**
 * Three-way merge of one op into the server's copy of a record, without
 * keeping old copies: each record carries, per field, the version that last
 * changed it and the device that made that change ("field versions").
 *
 * A field in the op clashes only when someone else changed it after the
 * version the device built on (baseVersion) and the values now differ. A
 * device's own earlier changes never clash with its later ones, which is what
 * lets an office work for days offline on its own records.
 *
 *  - field changed only by the device      -> taken
 *  - field changed only on the server      -> kept (soft conflict, logged)
 *  - same field changed on both, same value -> nothing to do
 *  - same field changed on both, different  -> hard conflict: the server value
 *    stays, the device value is kept in the conflict row for the district
 *  - append-only lists (prints, ...)        -> union, soft
 */
import { canonicalJson } from '../sync/batchfile';

export type FieldVersions = Record<string, { v: number; d: string }>;
export type ConflictField = { field: string; server: unknown; device: unknown };

export type MergeInput = {
  current: Record<string, unknown>;
  fieldVersions: FieldVersions;
  fields: Record<string, unknown>;
  baseVersion: number;
  deviceId: string;
  newVersion: number;
  /** Fields where a new value is the old list plus items (print log, expired referrals). */
  appendOnly?: ReadonlySet<string>;
  /** Optional fields: null in an op removes them (JSON has no undefined). */
  removable?: ReadonlySet<string>;
  /** Managed by the server: never taken from an op. */
  ignore?: ReadonlySet<string>;
};

export type MergeResult = {
  next: Record<string, unknown>;
  fieldVersions: FieldVersions;
  /** Fields the op changed. */
  changed: string[];
  hard: ConflictField[];
  /** Fields changed by others since baseVersion that merged cleanly. */
  soft: string[];
};

export const sameValue = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** Server items first, then the device's items the server does not have yet. */
export function unionList(server: unknown[], device: unknown[]): unknown[] {
  const seen = new Set(server.map((x) => canonicalJson(x)));
  return [...server, ...device.filter((x) => !seen.has(canonicalJson(x)))];
}

const DEFAULT_IGNORE = new Set(['id', 'version']);

export function mergeOp(m: MergeInput): MergeResult {
  const ignore = m.ignore ?? DEFAULT_IGNORE;
  const next: Record<string, unknown> = { ...m.current };
  const fv: FieldVersions = { ...m.fieldVersions };
  const changed: string[] = [];
  const hard: ConflictField[] = [];
  const soft: string[] = [];
  const removed = new Set<string>();
  const changedByOthers = (f: string) => {
    const x = m.fieldVersions[f];
    return !!x && x.v > m.baseVersion && x.d !== m.deviceId;
  };

  for (const [f, raw] of Object.entries(m.fields)) {
    if (ignore.has(f)) continue;
    const remove = raw === null && !!m.removable?.has(f);
    const dv = remove ? undefined : raw;
    const sv = m.current[f];
    if (sameValue(dv ?? null, sv ?? null)) continue;
    // A timestamp of the last change: the later one wins and is never a conflict.
    if (f === 'updatedAt') {
      if (typeof dv === 'string' && (typeof sv !== 'string' || dv > sv)) next[f] = dv;
      continue;
    }
    if (!changedByOthers(f)) {
      if (remove) removed.add(f);
      else next[f] = dv;
      fv[f] = { v: m.newVersion, d: m.deviceId };
      changed.push(f);
      continue;
    }
    if (m.appendOnly?.has(f) && Array.isArray(dv) && Array.isArray(sv)) {
      const merged = unionList(sv, dv);
      if (!sameValue(merged, sv)) {
        next[f] = merged;
        fv[f] = { v: m.newVersion, d: m.deviceId };
        changed.push(f);
      }
      soft.push(f);
      continue;
    }
    hard.push({ field: f, server: sv ?? null, device: dv ?? null });
  }
  for (const f of Object.keys(m.fieldVersions)) {
    if (!(f in m.fields) && changedByOthers(f)) soft.push(f);
  }
  const kept = removed.size ? Object.fromEntries(Object.entries(next).filter(([k]) => !removed.has(k))) : next;
  return { next: kept, fieldVersions: fv, changed, hard, soft };
}

/** Field versions of a newly created record: every field set by its creator. */
export function initialFieldVersions(
  rec: Record<string, unknown>,
  deviceId: string,
  version: number,
  ignore: ReadonlySet<string> = DEFAULT_IGNORE,
): FieldVersions {
  const fv: FieldVersions = {};
  for (const k of Object.keys(rec)) if (!ignore.has(k)) fv[k] = { v: version, d: deviceId };
  return fv;
}
