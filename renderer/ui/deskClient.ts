/**
 * The one place the UI gets the data layer from, so screens never import
 * renderer/services internals.
 */
export { desk } from '../services';
export { DeskError } from '../services/api';
export type { DeskApi, Session, SetupInput, DecisionInput, PrintAction, DeskStats, ListQuery, Page, HearingInput, PreliminaryRefusalInput, CatalogOrigin, CatalogSettings, CatalogChange, IntakeDraft, StorageStatus, AutoBackupInfo } from '../services/api';
