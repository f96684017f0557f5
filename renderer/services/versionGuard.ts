/**
 * A window must never write to a database whose schema is newer than its
 * code (issue #11): an old tab left open after an update kept writing records
 * without what the new version indexes them by. Dexie's defaults allow
 * exactly that: on `versionchange` it closes and silently reopens, and it
 * opens a database of a higher version than the code declares.
 *
 * So, when another window opens the database at a higher version, this one
 * closes it for good (the upgrade is not blocked) and reports itself
 * outdated; and if, on opening, the database is already newer than this
 * code, it closes it again before any call goes through. From then on every
 * call of the desk API fails with `version.outdated` and the UI asks for a
 * reload, which loads the new version.
 */
import type Dexie from 'dexie';
import { DeskError } from './api';

export const OUTDATED = 'version.outdated';

export class VersionGuard {
  private tripped = false;
  private listeners = new Set<() => void>();

  constructor(private db: Dexie) {
    // Runs before Dexie's own handler; `false` stops that one (which would close with auto-reopen).
    db.on('versionchange', (ev: IDBVersionChangeEvent) => {
      // A deletion (newVersion null) is not an upgrade: Dexie's default handles it.
      if (!ev.newVersion) return undefined;
      this.trip();
      return false;
    });
    // Sticky: checked at every open, not just the first.
    db.on(
      'ready',
      () => {
        const installed = db.backendDB()?.version ?? 0;
        if (installed > Math.round(db.verno * 10)) {
          this.trip();
          throw new DeskError(OUTDATED);
        }
      },
      true,
    );
  }

  get outdated(): boolean {
    return this.tripped;
  }

  /** Told once, at once if it already happened. Returns the unsubscribe. */
  onOutdated(listener: () => void): () => void {
    if (this.tripped) listener();
    else this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private trip(): void {
    if (this.tripped) return;
    this.tripped = true;
    // No automatic reopening: that is how the old window kept writing.
    this.db.close({ disableAutoOpen: true });
    const ls = [...this.listeners];
    this.listeners.clear();
    for (const l of ls) {
      try {
        l();
      } catch (e) {
        console.error(e);
      }
    }
  }

  /**
   * Wraps the desk API: once outdated, a call that returns a promise fails
   * with `version.outdated`, which the UI translates, instead of Dexie's
   * "database closed" (the database is closed, so nothing is written either way).
   */
  guard<T extends object>(api: T): T {
    const out = {} as Record<string, unknown>;
    for (const [k, v] of Object.entries(api)) {
      if (typeof v !== 'function') {
        out[k] = v;
        continue;
      }
      out[k] = (...args: unknown[]) => {
        const r: unknown = v(...args);
        if (r && typeof (r as Promise<unknown>).then === 'function') {
          return (r as Promise<unknown>).catch((e: unknown) => {
            throw this.tripped ? new DeskError(OUTDATED) : e;
          });
        }
        return r;
      };
    }
    return out as T;
  }
}
