/** The app's one sync client over the desk's database: the engine, and the district's calls on the same transport. */
import { desk } from '../services';
import { platform } from '../platform';
import { SyncEngine } from './engine';
import { loadReference } from './apply';
import { certificateAwareFetch } from './certificates';
import { createSyncClient } from './client';
import { DistrictClient } from './district';

/**
 * On the desktop the server's certificate is pinned at enrolment and a
 * refused one is told apart from a lost link; in web mode the browser
 * verifies certificates itself (docs/tls.md).
 */
const pinning = platform.certificates;
const pinnedFetch = pinning ? certificateAwareFetch(pinning) : undefined;
const engine = new SyncEngine(desk.context, pinning ? { certificates: pinning, fetch: pinnedFetch } : {});
/** The UI's one client for the server: sync and, for district staff, the district's calls (same fetch, same errors). */
export const sync = createSyncClient(desk.context, engine, new DistrictClient({ fetch: pinnedFetch }));
/** The district's catalog and calendar, once synced, replace the shipped ones at start. */
export const referenceLoaded = loadReference(desk.context);
// The client's surface only: the engine, getEnrolment(ctx) and the like are for the client and tests (imported from their modules).
export type { SyncState, ReEnrolment } from './engine';
export { SyncHttpError } from './transport';
export type { SyncClient, EnrolmentInfo } from './client';
export type { DistrictClient, DistrictSession, QuarantinedOp, RefusedOp } from './district';
