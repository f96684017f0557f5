/**
 * The one place the UI gets the sync engine from, as deskClient is for the
 * data layer: screens never import renderer/sync internals.
 */
export { sync, referenceLoaded, startAutoSync, getEnrolment, getReEnrolment, SyncHttpError, type SyncState, type Enrolment } from '../sync';
