import type { Catalog } from '../../shared';
import type { Db } from '../db';

export type Logger = {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
};

/** What the sync engine needs besides a transaction: reference data and a clock. */
export type SyncContext = {
  db: Db;
  catalog: () => Catalog;
  now: () => string;
  log: Logger;
  /** Ops applied per transaction (default 250); tests make it small to stop a server between transactions. */
  opsPerTransaction?: number;
};

/** The sender of ops: an enrolled device, or the district pseudo-device. */
export type Device = {
  id: string;
  kind: 'device' | 'district';
  officeId: string;
  name: string;
  /** Devices of the district education office see and may touch the whole district. */
  district: boolean;
  /** Revoked with "take what it has, then stop": revoked once it says nothing is left to send (routes/sync.ts). */
  draining?: boolean;
};
