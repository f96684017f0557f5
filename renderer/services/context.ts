import type { Catalog } from '../../shared';
import type { DeskDb } from '../db/schema';

/** What every service module needs: the database, a clock (tests move it), the catalog. */
export type DeskContext = {
  db: DeskDb;
  now: () => string;
  catalog: Catalog;
  /** Keeps a signed-in staff id across reloads of the same tab. */
  sessionStore?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
};
