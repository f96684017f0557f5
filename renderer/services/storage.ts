/**
 * The disk under the office database. Chromium keeps IndexedDB in the
 * browser profile, and when a write meets a full disk it does not just fail
 * it: measured on Chromium 150 (tests/e2e/storage-full.spec.ts), it deletes
 * the origin's whole storage, IndexedDB and OPFS, persistent or not. So the
 * desk must never let a write reach a full disk:
 *
 * - it asks for persistent storage (no eviction under storage pressure) and
 *   reports a refusal, for the head to see;
 * - it watches free space (the disk itself in the desktop app, the browser's
 *   quota in web mode) and warns well before it runs out;
 * - below a floor it refuses writes itself, before IndexedDB sees them, with
 *   a translated `storage.full`; reads go on, so nothing saved is touched;
 * - a write that fails for space anyway (another program filled the disk in
 *   between) is reported as `storage.full` too, its transaction aborted.
 */
import type { DBCore, DBCoreMutateRequest, Dexie, Middleware } from 'dexie';
import { DeskError, type StorageStatus } from './api';

const MiB = 1024 * 1024;

/**
 * Desktop (free bytes on the disk): refuse below 64 MiB. Chromium's LevelDB
 * flushes a 4 MiB write buffer and compacts in the background, and the
 * profile's own files (history, session) keep writing: 64 MiB leaves them
 * room, so the browser never meets a full disk in the middle of a commit.
 * Warn below 1 GiB: an office writes a few megabytes a day, the automatic
 * backups take about ten times the database, Windows updates need more;
 * a gigabyte leaves days to clear the disk.
 */
export const DISK_FULL_BELOW = 64 * MiB;
export const DISK_LOW_BELOW = 1024 * MiB;
/**
 * Web mode (the origin's quota from estimate(), which does not see the disk):
 * warn below 200 MB or 10 % of the quota, refuse below 16 MiB. Chromium
 * itself refuses a write over the quota cleanly; the floor only makes the
 * message ours and early.
 */
export const QUOTA_FULL_BELOW = 16 * MiB;
export const QUOTA_LOW_BELOW = 200 * 1000 * 1000;
export const QUOTA_LOW_FRACTION = 0.1;
/**
 * Before a call the disk is measured afresh (a statfs through the shell, or
 * estimate(): about a millisecond); calls made together share one measurement.
 */
export const GATE_MAX_AGE_MS = 0;
/** Persistence changes rarely (a person's choice in the browser): asked at most once a minute. */
const PERSISTED_MAX_AGE_MS = 60_000;

export type StorageLevel = StorageStatus['level'];
export type { StorageStatus };

export type StorageProbe = {
  /** The desktop shell's free disk space; absent or null in web mode. */
  diskSpace?: () => Promise<{ freeBytes: number; totalBytes: number } | null>;
  manager?: Partial<Pick<StorageManager, 'estimate' | 'persist' | 'persisted'>>;
  now?: () => number;
};

export function levelOf(
  source: StorageStatus['source'],
  free: number | undefined,
  total: number | undefined,
): StorageLevel {
  if (free === undefined || source === 'unknown') return 'ok';
  if (source === 'disk') return free < DISK_FULL_BELOW ? 'full' : free < DISK_LOW_BELOW ? 'low' : 'ok';
  if (free < QUOTA_FULL_BELOW) return 'full';
  return free < QUOTA_LOW_BELOW || (total !== undefined && free < total * QUOTA_LOW_FRACTION) ? 'low' : 'ok';
}

export class StorageWatch {
  private current: StorageStatus = { level: 'ok', source: 'unknown', persisted: null, checkedAt: 0 };
  private inflight: Promise<StorageStatus> | null = null;
  private listeners = new Set<(s: StorageStatus) => void>();
  private failedAt = 0;
  private persistedAt = 0;
  private readonly now: () => number;

  constructor(private readonly probe: StorageProbe = {}) {
    this.now = probe.now ?? (() => Date.now());
  }

  get status(): StorageStatus {
    return this.current;
  }

  /** True when writes are refused: the last measurement, or a write that just failed for space, says the disk is full. */
  get full(): boolean {
    return this.current.level === 'full';
  }

  /** Measures again unless the last measurement is younger than maxAgeMs; concurrent callers share one measurement. */
  refresh(maxAgeMs = 0): Promise<StorageStatus> {
    if (maxAgeMs > 0 && this.current.checkedAt && this.now() - this.current.checkedAt < maxAgeMs)
      return Promise.resolve(this.current);
    this.inflight ??= this.measure().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async measure(): Promise<StorageStatus> {
    let source: StorageStatus['source'] = 'unknown';
    let freeBytes: number | undefined;
    let totalBytes: number | undefined;
    const disk = await this.probe.diskSpace?.().catch(() => null);
    if (disk) {
      source = 'disk';
      freeBytes = disk.freeBytes;
      totalBytes = disk.totalBytes;
    } else if (this.probe.manager?.estimate) {
      const e = await this.probe.manager.estimate().catch(() => null);
      if (e?.quota) {
        source = 'quota';
        totalBytes = e.quota;
        freeBytes = Math.max(0, e.quota - (e.usage ?? 0));
      }
    }
    let persisted = this.current.persisted;
    if (
      this.probe.manager?.persisted &&
      (persisted === null || this.now() - this.persistedAt >= PERSISTED_MAX_AGE_MS)
    ) {
      persisted = await this.probe.manager.persisted().catch(() => null);
      this.persistedAt = this.now();
    }
    let level = levelOf(source, freeBytes, totalBytes);
    // The quota does not see the disk, and a database the browser closed stays closed: a failure for space outranks them.
    if (
      level !== 'full' &&
      (this.current.lost || (source !== 'disk' && this.failedAt && this.now() - this.failedAt < 60_000))
    )
      level = 'full';
    this.set({
      level,
      source,
      freeBytes,
      totalBytes,
      persisted,
      checkedAt: this.now(),
      ...(this.current.lost ? { lost: true } : {}),
    });
    return this.current;
  }

  /** Asks the browser not to evict the database (at set-up and sign-in). */
  async requestPersistence(): Promise<boolean | null> {
    const m = this.probe.manager;
    if (!m?.persist) return null;
    const granted = await m.persist().catch(() => false);
    if (granted !== this.current.persisted) this.set({ ...this.current, persisted: granted });
    return granted;
  }

  /**
   * A write failed for lack of space: full until a measurement of the disk
   * says otherwise. `lost`: the browser closed the database over it
   * (Chromium does, and then deletes the origin's storage): for good.
   */
  markFull(lost = false): void {
    this.failedAt = this.now();
    if (this.current.level !== 'full' || (lost && !this.current.lost))
      this.set({ ...this.current, level: 'full', ...(lost || this.current.lost ? { lost: true } : {}) });
    for (const w of [...this.failureWaiters]) w();
  }

  private failureWaiters = new Set<() => void>();

  /** True if a write failed for space in the last few seconds, or does within `waitMs`. */
  failedForSpace(waitMs: number): Promise<boolean> {
    if (this.current.lost || (this.failedAt && this.now() - this.failedAt < 5_000)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (v: boolean) => {
        clearTimeout(timer);
        this.failureWaiters.delete(hit);
        resolve(v);
      };
      const hit = () => done(true);
      const timer = setTimeout(() => done(false), waitMs);
      this.failureWaiters.add(hit);
    });
  }

  subscribe(fn: (s: StorageStatus) => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  private set(next: StorageStatus) {
    // Free space is told in whole megabytes: every call measures, and a few kilobytes more or less are no news.
    const mb = (b?: number) => (b === undefined ? -1 : Math.floor(b / MiB));
    const changed =
      next.level !== this.current.level ||
      next.persisted !== this.current.persisted ||
      mb(next.freeBytes) !== mb(this.current.freeBytes) ||
      !!next.lost !== !!this.current.lost;
    this.current = next;
    if (changed) for (const fn of this.listeners) fn(next);
  }
}

/**
 * How Chromium words a write that met a full disk: the transaction's error is
 * an UnknownError "IO error: …/000003.log: FILE_ERROR_NO_SPACE" (measured on
 * Chromium 150; base::File's error names are the same on Windows).
 */
const DISK_FULL_MESSAGE = /FILE_ERROR_NO_SPACE|no space left|disk (is )?full/i;

/**
 * Whether an error means "no space": a DOMException QuotaExceededError, an
 * IO error naming a full disk, Dexie's wrappers of either (AbortError with
 * `inner`, BulkError `failures`), or our own refusal.
 */
export function isStorageFullError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  if (e instanceof DeskError) return e.code === 'storage.full' || e.code === 'storage.lost';
  const x = e as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (x.name === 'QuotaExceededError') return true;
  if (x.name === 'UnknownError' && typeof x.message === 'string' && DISK_FULL_MESSAGE.test(x.message)) return true;
  if (isStorageFullError(x.inner, depth + 1) || isStorageFullError(x.cause, depth + 1)) return true;
  const failures = Array.isArray(x.failures)
    ? x.failures
    : x.failures && typeof x.failures === 'object'
      ? Object.values(x.failures)
      : [];
  return failures.some((f) => isStorageFullError(f, depth + 1));
}

/**
 * The browser closing the database by itself (the IndexedDB connection's
 * `close` event, which an explicit close() never fires): in Chromium that is
 * a fatal backing-store error, on a full disk among others, after which it
 * deletes the origin's storage. Sometimes no transaction reports why (its
 * calls fail with "The connection was closed"), so this marks it too.
 */
export function noticeForcedClose(db: Dexie, watch: StorageWatch): void {
  db.on(
    'ready',
    () => {
      db.backendDB()?.addEventListener('close', () => watch.markFull(true));
    },
    true,
  );
}

/** One place where write failures become the translated `storage.full`; anything else passes unchanged. */
export function mapStorageError(e: unknown, watch?: StorageWatch): unknown {
  if (!isStorageFullError(e)) return e;
  watch?.markFull(e instanceof DeskError && e.code === 'storage.lost');
  return e instanceof DeskError ? e : new DeskError('storage.full');
}

/**
 * What a call gets from a transaction that failed under it, or from a
 * database the browser closed: Chromium 150 answered calls after a full-disk
 * failure with these, the reason only on the transaction's abort event.
 */
const ABORTED = new Set(['AbortError', 'DatabaseClosedError', 'InvalidStateError', 'UnknownError']);
const isAbort = (e: unknown) => !!e && typeof e === 'object' && ABORTED.has(String((e as { name?: unknown }).name));
/** How long a bare AbortError waits for its transaction's abort event to say whether the disk was full. */
const ABORT_REASON_WAIT_MS = 3000;

/**
 * mapStorageError, and for a bare AbortError (Dexie's or the DOM's) the
 * reason its transaction gives a moment later: a full disk, or not.
 */
export async function mapStorageFailure(
  e: unknown,
  watch: StorageWatch,
  waitMs = ABORT_REASON_WAIT_MS,
): Promise<unknown> {
  if (!isStorageFullError(e) && isAbort(e) && (await watch.failedForSpace(waitMs))) {
    return new DeskError(watch.status.lost ? 'storage.lost' : 'storage.full');
  }
  return mapStorageError(e, watch);
}

const WRITES = new Set<DBCoreMutateRequest['type']>(['add', 'put']);

/**
 * Dexie middleware: while the disk is full, adds and puts are refused before
 * they reach IndexedDB, and the transaction around them aborts, so a refused
 * registration leaves nothing behind. Deletes still pass (they free space,
 * and signing in deletes a failure counter). A transaction that IndexedDB
 * aborts for space marks the disk full: Chromium says why only on
 * the transaction's abort event, after the call has already failed with a
 * bare AbortError (measured on Chromium 150; guardApi waits for it).
 * `onWrite` hears of every write to a table other than meta (for the backup
 * on sign-out).
 */
export function storageGuard(watch: StorageWatch, onWrite?: (table: string) => void): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'storage-guard',
    create: (down) => ({
      ...down,
      transaction: (stores, mode, options) => {
        const tx = down.transaction(stores, mode, options);
        const idb = tx as unknown as Partial<Pick<IDBTransaction, 'addEventListener' | 'error'>>;
        // Read-only ones too: when the browser closes the database, whichever transaction reports it first tells why.
        idb.addEventListener?.('abort', () => {
          if (isStorageFullError(idb.error))
            watch.markFull(/connection is closing/i.test((idb.error as { message?: string } | null)?.message ?? ''));
        });
        return tx;
      },
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => {
            if (WRITES.has(req.type) && watch.full) return Promise.reject(new DeskError('storage.full'));
            if (onWrite && name !== 'meta') onWrite(name);
            return table.mutate(req);
          },
        };
      },
    }),
  };
}

/**
 * DeskApi members that answer synchronously (and subscriptions, named
 * on<Event>): wrapping them would turn their answers into promises.
 */
const SYNC_MEMBERS = new Set(['catalog', 'calendarYears', 'session', 'lockedSession', 'signOut', 'lock']);
const isSyncMember = (key: string) => SYNC_MEMBERS.has(key) || /^on[A-Z]/.test(key);

/**
 * Every asynchronous DeskApi call measures the disk first, so a write is
 * refused when the disk filled since the last call, and maps its failure
 * through mapStorageFailure.
 */
export function guardApi<T extends object>(api: T, watch: StorageWatch): T {
  const out: Record<string, unknown> = { ...(api as Record<string, unknown>) };
  for (const [key, value] of Object.entries(api)) {
    if (typeof value !== 'function' || isSyncMember(key)) continue;
    const fn = value as (...args: unknown[]) => Promise<unknown>;
    out[key] = (...args: unknown[]) =>
      watch
        .refresh(GATE_MAX_AGE_MS)
        .catch(() => undefined)
        .then(() => fn(...args))
        .catch(async (e: unknown) => {
          throw await mapStorageFailure(e, watch);
        });
  }
  return out as T;
}
