/**
 * One thing at a time across every window of the profile: two Electron
 * windows (or browser tabs) share one IndexedDB, and a few steps must not
 * interleave between them, above all making the office's data key. The Web
 * Locks API holds the lock for the browser profile and lets it go if a window
 * dies. Where it is missing (Node tests; a page served over plain HTTP from a
 * LAN address, not a secure context) a queue in this window keeps at least
 * one window's calls apart, and the callers' own transaction re-checks
 * (auth.ts) close the gap between windows.
 */
const queues = new Map<string, Promise<unknown>>();

type Locks = { request<T>(name: string, opts: { mode: 'exclusive' }, cb: () => Promise<T>): Promise<T> };

function webLocks(): Locks | null {
  const nav = (globalThis as { navigator?: { locks?: Locks } }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}

export function withWindowLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = webLocks();
  if (locks) return locks.request(name, { mode: 'exclusive' }, fn);
  const before = queues.get(name) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const settled = run.catch(() => undefined);
  queues.set(name, settled);
  void settled.then(() => {
    if (queues.get(name) === settled) queues.delete(name);
  });
  return run;
}

/** The lock under which the office's data key is made (auth.ts). */
export const VAULT_KEY_LOCK = 'akimat-vault-key';
