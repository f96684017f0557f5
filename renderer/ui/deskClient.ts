/**
 * The one place the UI gets the data layer from: `desk`, typed as DeskApi
 * (renderer/services/api.ts, one interface per feature), so a screen cannot
 * reach the database context or renderer/services internals. The architecture
 * test (tests/unit/layers.test.ts) holds the UI to importing only this.
 */
import { desk as implementation, type DeskApi } from '../services';

export const desk: DeskApi = implementation;
export type {
  DeskApi,
  Session,
  SetupInput,
  DecisionInput,
  PrintAction,
  DeskStats,
  ListQuery,
  Page,
  HearingInput,
  PreliminaryRefusalInput,
  CatalogOrigin,
  CatalogSettings,
  CatalogChange,
  IntakeDraft,
  StorageStatus,
  AutoBackupInfo,
  QuarantinedChange,
  SessionApi,
  DemoProgress,
  ReferenceApi,
  CatalogApi,
  IntakeApi,
  WorkflowApi,
  QueueApi,
  SearchApi,
  BackupApi,
  StorageApi,
  SyncStateApi,
  ComplaintsApi,
  VisitsApi,
  TechProtocolsApi,
} from '../services';
