/**
 * A record checked against its kind: first the generic bounds (./bounds.ts),
 * then the kind's schema. Issues name paths, never values, so they can be
 * logged, stored with the refused op and shown on the laptop.
 */
import { jsonBoundsIssues, safePathPart, type BoundsIssue } from './bounds';
import type { z } from 'zod';
import type { RecordKind } from './kinds';

export type Issue = BoundsIssue;

export const MAX_ISSUES = 20;

/** zod issues without the input values (zod keeps none in `message`; `input` is not copied). */
export function issuesOf(issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string }>): Issue[] {
  return issues.slice(0, MAX_ISSUES).map((i) => ({
    path: i.path.map((p) => safePathPart(typeof p === 'number' ? p : String(p))),
    message: i.message.slice(0, 200),
    code: i.code ?? 'invalid',
  }));
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/**
 * Bounds, then the schema; the parsed value has the schema's defaults filled in.
 * `bounds: false` where every part of the record already passed them (the
 * server's record after an op whose fields OpSchema bounded): the walk is the
 * costliest part of checking on the push path.
 */
export function checkRecord(
  kind: RecordKind,
  rec: unknown,
  o: { bounds?: boolean } = {},
): Checked<Record<string, unknown>> {
  const bounds = o.bounds === false ? [] : jsonBoundsIssues(rec, MAX_ISSUES);
  if (bounds.length) return { ok: false, issues: bounds };
  const r = kind.schema.safeParse(rec);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: issuesOf(r.error.issues) };
}

/**
 * Whether a kind's schema parses each field on its own: a plain object (no
 * check over the whole record, unknown keys stripped). Then a record that
 * passed it and changed in some fields needs only those fields parsed again
 * (checkChanged); the kernel's kinds all are (tests/unit/record-check-changed.test.ts).
 */
export function fieldwise(kind: RecordKind): boolean {
  const def = kind.schema._zod.def as { checks?: unknown[]; catchall?: unknown };
  return !def.checks?.length && def.catchall === undefined;
}

/**
 * The record `after`, made from `before` (which passed checkRecord, schema and
 * bounds) by changing some fields, checked by parsing only the fields that
 * differ from `before` (by reference: an unchanged field is the same value) or
 * that `touched` names. For a fieldwise kind this gives exactly what
 * checkRecord without bounds gives on the whole record, keys in the same
 * order: the server applies many ops to one record in a push, and parsing the
 * whole record after each was most of the cost of checking them (issue #17).
 */
export function checkChanged(
  kind: RecordKind,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  touched: Iterable<string> = [],
): Checked<Record<string, unknown>> {
  if (!fieldwise(kind)) return checkRecord(kind, after, { bounds: false });
  const named = new Set(touched);
  const shape = kind.schema.shape as Record<string, z.ZodType>;
  const value: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const [k, schema] of Object.entries(shape)) {
    const has = Object.prototype.hasOwnProperty.call(after, k);
    const v = has ? after[k] : undefined;
    if (!named.has(k) && v === before[k] && has === Object.prototype.hasOwnProperty.call(before, k)) {
      if (has) value[k] = v;
      continue;
    }
    const r = schema.safeParse(v);
    if (!r.success) {
      for (const i of issuesOf(r.error.issues.map((x) => ({ ...x, path: [k, ...x.path] }))))
        if (issues.length < MAX_ISSUES) issues.push(i);
    } else if (has || r.data !== undefined) value[k] = r.data;
  }
  return issues.length ? { ok: false, issues } : { ok: true, value };
}
