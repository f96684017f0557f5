/**
 * Writing transactions of the sync engine. On PostgreSQL, batches of different
 * offices run side by side; two of them can still lock shared rows (a
 * kindergarten, another office's application a duplicate pair points to) in
 * opposite orders. PostgreSQL then aborts one of them: nothing of it was
 * written, so it is simply run again.
 */
import type { Db, Queryable } from '../db';

/** Deadlock, serialization failure. */
export const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

export async function writeTransaction<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (e) {
      const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : '';
      if (attempt >= ATTEMPTS || !RETRYABLE.has(code)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
