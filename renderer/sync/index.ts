/** The app's one sync engine over the desk's database. */
import { desk } from '../services';
import { SyncEngine } from './engine';
import { loadReference } from './apply';

export const sync = new SyncEngine(desk.context);
/** The district's catalog and calendar, once synced, replace the shipped ones at start. */
export const referenceLoaded = loadReference(desk.context);
export { startAutoSync } from './auto';
export { SyncEngine, getEnrolment, type SyncState, type Enrolment } from './engine';
export { SyncHttpError } from './transport';
