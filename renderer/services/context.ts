import type { Catalog, WorkCalendar } from '../../shared';
import type { DeskDb } from '../db/schema';
import type { OsKeyStore, Vault } from './vault';

/** What every service module needs: the database, a clock (tests move it), the catalog. */
export type DeskContext = {
  db: DeskDb;
  /** The time records are stamped with: the laptop's clock corrected by `clock.offsetMs`. */
  now: () => string;
  /** How far the laptop's clock is behind the server's, learnt at each sync (0 until then; see shared/sync/clock.ts). */
  clock: { offsetMs: number };
  /** The catalog in force: built-in entries with the district's overrides (replaced on sync), or a standalone office's own (localCatalog.ts). */
  catalog: Catalog;
  /** The district's calendar when one was synced; the shipped one otherwise. */
  calendar?: WorkCalendar;
  /** Seals personal data and makes blind indexes; locked until a person signs in. */
  vault: Vault;
  /** Electron's OS-protected key storage; absent in web mode. */
  osKeyStore?: OsKeyStore;
  /** Keeps a signed-in staff id across reloads of the same tab. */
  sessionStore?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
};
