/**
 * Writing transactions of the sync engine. On PostgreSQL, batches of different
 * offices run side by side; two of them can still lock shared rows (a
 * kindergarten, another office's application a duplicate pair points to) in
 * opposite orders. PostgreSQL then aborts one of them: nothing of it was
 * written, so it is simply run again.
 */
import type { Db, Queryable } from '../db';

/** The SQLSTATE of a database error (both drivers put it on `code`). */
export function pgCode(e: unknown): string | undefined {
  return typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

const RETRYABLE = new Set(['40P01', '40001']);
/** Deadlock, serialization failure: nothing of the transaction was written; run it again. */
export const isRetryable = (e: unknown) => RETRYABLE.has(pgCode(e) ?? '');
const ATTEMPTS = 5;

export async function writeTransaction<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (e) {
      if (attempt >= ATTEMPTS || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
