/**
 * The one place the UI gets sync from, as deskClient is for the data layer:
 * `sync` (renderer/sync/client.ts: the engine's state and runs, the stored
 * enrolment, automatic sync, and `sync.district`, the district's calls on the
 * same transport). Screens never import renderer/sync themselves; the
 * architecture test (tests/unit/layers.test.ts) holds them to it.
 */
export {
  sync,
  referenceLoaded,
  SyncHttpError,
  type SyncClient,
  type SyncState,
  type EnrolmentInfo,
  type ReEnrolment,
  type DistrictClient,
  type DistrictSession,
  type QuarantinedOp,
  type RefusedOp,
} from '../sync';
