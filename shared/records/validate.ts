/**
 * A record checked against its kind: first the generic bounds (./bounds.ts),
 * then the kind's schema. Issues name paths, never values, so they can be
 * logged, stored with the refused op and shown on the laptop.
 */
import { jsonBoundsIssues, safePathPart, type BoundsIssue } from './bounds';
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
