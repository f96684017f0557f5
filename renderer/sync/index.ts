/** The app's one sync engine over the desk's database. */
import { desk } from '../services';
import { platform } from '../platform';
import { SyncEngine } from './engine';
import { loadReference } from './apply';
import { certificateAwareFetch } from './certificates';

/**
 * On the desktop the server's certificate is pinned at enrolment and a
 * refused one is told apart from a lost link; in web mode the browser
 * verifies certificates itself (docs/tls.md).
 */
const pinning = platform.certificates;
export const sync = new SyncEngine(desk.context, pinning ? { certificates: pinning, fetch: certificateAwareFetch(pinning) } : {});
/** The district's catalog and calendar, once synced, replace the shipped ones at start. */
export const referenceLoaded = loadReference(desk.context);
export { startAutoSync } from './auto';
export { SyncEngine, getEnrolment, getReEnrolment, type SyncState, type Enrolment, type ReEnrolment } from './engine';
export { SyncHttpError } from './transport';
