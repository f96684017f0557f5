/**
 * What the UI may ask of sync, as DeskApi is what it may ask of the data
 * layer: the engine's state and runs, the stored enrolment, automatic sync,
 * and the district's calls (one client for everything that talks to the
 * server). The UI holds neither the database context nor the device's token.
 */
import type { EnrolResponse, QueueEntry } from '../../shared';
import type { DeskContext } from '../services/context';
import { startAutoSync, type AutoSyncOptions } from './auto';
import type { DistrictClient } from './district';
import { createOfficeReports, type OfficeReports } from './officeReports';
import {
  getEnrolment,
  getReEnrolment,
  type Enrolment,
  type ReEnrolment,
  type SyncEngine,
  type SyncState,
} from './engine';

/** The enrolment as the screens show it: without the device token and the batch-signing key, which stay with the engine. */
export type EnrolmentInfo = Pick<Enrolment, 'baseUrl' | 'deviceId' | 'officeId' | 'enrolledAt' | 'deviceName'>;

export interface SyncClient {
  /** The engine's state now; subscribe() tells every change. */
  readonly state: SyncState;
  /** Told at once and on every change. Returns the unsubscribe. */
  subscribe(fn: (s: SyncState) => void): () => void;
  /** Recounts what waits and what was set aside (local work does not tell the engine). */
  refreshCounts(): Promise<SyncState>;
  /** One sync run; a call during a run gets one more run after it. */
  syncNow(): Promise<SyncState>;
  /** Enrols this computer with a one-time code from the district. */
  enrol(baseUrl: string, code: string, deviceName: string): Promise<EnrolResponse>;
  /** A standalone office joins the district with a code for its office, keeping its records (renderer/sync/join.ts). */
  join(baseUrl: string, code: string, deviceName: string): Promise<EnrolResponse>;
  /** The pending ops as a signed file for a USB stick, or null when nothing waits (or not enrolled). */
  exportBatch(): Promise<{ name: string; text: string; ops: number } | null>;
  /** Takes a lease file the district issued for this computer; throws leaseFile.* when refused. */
  importLeaseFile(text: string): Promise<{ blocks: number; numbers: number }>;
  /** Queue places as of the last sync (the district orders the queue of an enrolled computer). */
  queuePositions(): Promise<{ asOf: string; byId: Map<string, QueueEntry> } | null>;
  /** The stored enrolment; undefined on a standalone computer. */
  enrolment(): Promise<EnrolmentInfo | undefined>;
  /** What a computer restored from a backup of an enrolled one waits for: enrolling again as the same device. */
  reEnrolment(): Promise<ReEnrolment | undefined>;
  /** Starts automatic sync (link back, local work, a slow timer). Returns the stop. */
  startAuto(opts?: AutoSyncOptions): () => void;
  /** District staff's calls to the district server (district screens only). */
  readonly district: DistrictClient;
  /** This office's reports as the district counts them: readings (the last kept when there is no link) and files; null when not enrolled. */
  readonly reports: OfficeReports;
}

export function createSyncClient(ctx: DeskContext, engine: SyncEngine, district: DistrictClient): SyncClient {
  return {
    get state() {
      return engine.state;
    },
    subscribe: (fn) => engine.subscribe(fn),
    refreshCounts: () => engine.refreshCounts(),
    syncNow: () => engine.syncNow(),
    enrol: (baseUrl, code, deviceName) => engine.enrol(baseUrl, code, deviceName),
    join: (baseUrl, code, deviceName) => engine.enrol(baseUrl, code, deviceName, { join: true }),
    exportBatch: () => engine.exportBatch(),
    importLeaseFile: (text) => engine.importLeaseFile(text),
    queuePositions: () => engine.queuePositions(),
    enrolment: async () => {
      const e = await getEnrolment(ctx);
      // Field by field, so a secret added to Enrolment later does not reach the screens by default.
      return (
        e && {
          baseUrl: e.baseUrl,
          deviceId: e.deviceId,
          officeId: e.officeId,
          enrolledAt: e.enrolledAt,
          deviceName: e.deviceName,
        }
      );
    },
    reEnrolment: () => getReEnrolment(ctx),
    startAuto: (opts) => startAutoSync(ctx, engine, opts),
    district,
    reports: createOfficeReports(ctx, engine),
  };
}
