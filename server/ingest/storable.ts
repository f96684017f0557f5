/**
 * A refused op must still be kept (the audit trail, the district's quarantine
 * list), whatever it holds: PostgreSQL refuses NUL characters and half
 * surrogate pairs in text and JSONB, a btree index refuses long keys, and
 * JSONB refuses very deep nesting. These functions make any received value
 * storable, changing only what could not be stored (marked, never silently).
 * Values that passed validation are stored as they are.
 */
import { JSON_LIMITS, replaceBadCharacters, safePathPart, type RawOp } from '../../shared';
import type { StoredOp } from '../store/auditTrail';

/** A stored op is at most this big once serialised; bigger ones keep their envelope and a note. */
const MAX_STORED_JSON = 256 * 1024;

/** Any value as a short, storable text (ids, codes, keys). */
export function storableText(v: unknown, max = 200): string {
  const s = typeof v === 'string' ? v : v === undefined ? '' : (JSON.stringify(v) ?? String(v));
  const clean = replaceBadCharacters(s);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A deep copy that PostgreSQL will store: bad characters replaced, depth, lengths and counts capped. */
export function storableJson(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return storableText(v, JSON_LIMITS.maxString);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v === null || typeof v !== 'object') return typeof v === 'boolean' ? v : null;
  if (depth >= JSON_LIMITS.maxDepth) return '[nested too deep]';
  if (Array.isArray(v)) return v.slice(0, JSON_LIMITS.maxArray).map((x) => storableJson(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).slice(0, JSON_LIMITS.maxKeys))
    out[String(safePathPart(k))] = storableJson((v as Record<string, unknown>)[k], depth + 1);
  return out;
}

/** The columns of an op in the audit trail (server/store/auditTrail.ts), step always present. */
export type StorableOp = StoredOp & { step: string | null };

const int32 = (v: unknown) =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2_147_483_647 ? (v as number) : 0;

/** The columns of an ops row for any received op (its envelope was checked: deviceSeq and ids are sound). */
export function storableOp(raw: RawOp): StorableOp {
  const r = raw as Record<string, unknown>;
  let fields = storableJson(r.fields ?? {});
  if (JSON.stringify(fields).length > MAX_STORED_JSON) fields = { '[too large to keep]': true };
  return {
    opId: storableText(raw.opId, 1_000),
    deviceId: storableText(raw.deviceId, 1_000),
    deviceSeq: raw.deviceSeq,
    entity: storableText(r.entity, 40),
    entityId: storableText(r.entityId, 200),
    kind: storableText(r.kind, 20),
    step: r.step === undefined || r.step === null ? null : storableText(r.step, 40),
    fields,
    baseVersion: int32(r.baseVersion),
    hlc: storableText(r.hlc, 80),
    staffId: storableText(r.staffId, 200),
  };
}
