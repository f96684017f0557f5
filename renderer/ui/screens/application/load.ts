/**
 * What the application page shows, loaded at once: the record (opening it
 * writes the access log), its catalog entry, kindergartens, staff, the
 * record's standing with the district, the access log and the suggested
 * decision; and that standing again after every sync run.
 */
import {
  keepsQueue,
  type AccessEntry,
  type Application,
  type Kindergarten,
  type ServiceEntry,
  type Staff,
  type Suggestion,
} from '../../../../shared';
import { desk } from '../../deskClient';
import { useLoad } from '../../hooks';
import { queuePlace, type QueuePlace } from '../../sync/queuePlace';
import { useSyncState } from '../../sync/useSync';
import { sync } from '../../syncClient';

export type SyncFlags = { enrolled: boolean; pending: number; conflict: boolean };
type SyncView = { place: QueuePlace; flags: SyncFlags };
export type ApplicationData = {
  app: Application;
  entry: ServiceEntry;
  kgs: Kindergarten[];
  staff: Staff[];
  sync: SyncView;
  access: AccessEntry[];
  suggestion: Suggestion;
};

async function loadSyncView(app: Pick<Application, 'id' | 'queueState'>): Promise<SyncView> {
  const [place, enr, rec] = await Promise.all([queuePlace(app), sync.enrolment(), desk.recordSyncState(app.id)]);
  return { place, flags: { enrolled: !!enr, pending: rec.pending, conflict: rec.conflict } };
}

/** null: no such application. */
export async function loadApplication(id: string): Promise<ApplicationData | null> {
  // open() writes the access log (once per person and record per ten minutes), so reloads after an action do not flood it.
  const app = await desk.open(id);
  if (!app) return null;
  const entry = desk.catalog().find((e) => e.code === app.serviceCode);
  if (!entry)
    throw Object.assign(new Error('catalog.unknownService'), {
      code: 'catalog.unknownService',
      params: { code: app.serviceCode },
    });
  // The suggestion weighs the whole office queue, so the data layer makes it.
  const suggest: Promise<Suggestion> =
    keepsQueue(entry) && app.status === 'assigned'
      ? desk.suggestDecision(app.id)
      : Promise.resolve({ kind: 'notification' });
  const [kgs, staff, syncView, access, suggestion] = await Promise.all([
    desk.kindergartens(),
    desk.staff(),
    loadSyncView(app),
    desk.accessLog(app.id),
    suggest,
  ]);
  return { app, entry, kgs, staff, sync: syncView, access, suggestion };
}

/** The record's standing with the district: loaded with the page, re-read after every sync run and local change. */
export function useSyncView(app: Pick<Application, 'id' | 'queueState' | 'status'>, initial: SyncView): SyncView {
  const s = useSyncState();
  const view = useLoad<SyncView>(
    () => loadSyncView(app),
    [app.id, app.queueState, app.status, s.lastSyncAt, s.pending, s.status === 'syncing'],
  );
  return view.data ?? initial;
}
