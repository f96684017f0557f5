/** The DeskApi over one Dexie database: wires sessions to the service modules, one part per feature interface. */
import {
  defaultCalendar,
  defaultCatalog,
  localParts,
  type Catalog,
  type Office,
  type Kindergarten,
  type Role,
} from '../../shared';
import { DB_NAME, DeskDb } from '../db/schema';
import {
  DeskError,
  type BackupApi,
  type CatalogApi,
  type ComplaintsApi,
  type DeskApi,
  type IntakeApi,
  type QueueApi,
  type ReferenceApi,
  type SearchApi,
  type SessionApi,
  type StorageApi,
  type SyncStateApi,
  type TechProtocolsApi,
  type VisitsApi,
  type WorkflowApi,
} from './api';
import type { DeskContext } from './context';
import * as auth from './auth';
import * as apps from './applications';
import { list, stats } from './search';
import { setupDemo } from './demo';
import { saveKindergarten, updateOffice } from './reference';
import { fromRow, refusalFromRow, reindexNames } from './indexes';
import { Vault, type OsKeyStore } from './vault';
import { accessLog, logAccess } from './access';
import { exportBackup, restoreBackup } from './backup';
import * as complaints from './complaints';
import * as visits from './visits';
import * as protocols from './techProtocols';
import * as localCatalog from './localCatalog';
import * as drafts from './drafts';
import { VersionGuard } from './versionGuard';
import { StorageWatch, guardApi, noticeForcedClose, storageGuard, type StorageProbe } from './storage';
import { AutoBackups, backupBeforeUpgrade, restoreAutoBackup } from './autoBackup';
import { databaseState } from './restore';
import { journalNumbers } from './numbers';
import { noBackupFiles, type BackupFiles } from '../platform/backupFiles';

export type DeskOptions = {
  db?: DeskDb;
  now?: () => string;
  catalog?: Catalog;
  sessionStore?: DeskContext['sessionStore'];
  osKeyStore?: OsKeyStore;
  /** Where automatic backups go (renderer/platform/backupFiles.ts); none by default. */
  backupFiles?: BackupFiles;
  /** Free space and persistence (storage.ts); unknown by default. */
  storage?: StorageProbe;
};

/** The desk for the app and for tests; `context`, `backupsIdle` and `namesIndexed` are for the sync engine and tests, not for the UI. */
export function createDesk(
  opts: DeskOptions = {},
): DeskApi & { context: DeskContext; backupsIdle: () => Promise<void>; namesIndexed: () => Promise<void> } {
  const laptopNow = opts.now ?? (() => new Date().toISOString());
  const files = opts.backupFiles ?? noBackupFiles;
  const clock = { offsetMs: 0 };
  const ctx: DeskContext = {
    // The database as the older version left it is backed up before Dexie upgrades it (autoBackup.ts).
    db: opts.db ?? new DeskDb(DB_NAME, { beforeUpgrade: (v) => backupBeforeUpgrade(DB_NAME, files, v, laptopNow()) }),
    now: () => (clock.offsetMs ? new Date(Date.parse(laptopNow()) + clock.offsetMs).toISOString() : laptopNow()),
    clock,
    catalog: opts.catalog ?? defaultCatalog,
    sessionStore: opts.sessionStore,
    vault: new Vault(),
    osKeyStore: opts.osKeyStore,
  };
  // Before anything opens the database: a newer version's schema must stop this window, not be written past.
  const version = new VersionGuard(ctx.db);
  // Nothing lost on the laptop (issue #11): writes refused while the disk is full, automatic backups (storage.ts, autoBackup.ts).
  const watch = new StorageWatch(opts.storage);
  const backups = new AutoBackups(ctx, files);
  ctx.db.use(storageGuard(watch, () => backups.noteWrite()));
  noticeForcedClose(ctx.db, watch);
  // Rows an older version indexed get their folded name terms once the vault is open (indexes.ts reindexNames);
  // one run at a time, and a failure only leaves the rest for the next sign-in.
  let reindexing: Promise<unknown> = Promise.resolve();
  const signedIn = <T>(v: T): T => {
    void watch.requestPersistence();
    void backups.afterSignIn();
    reindexing = reindexing
      .then(() => reindexNames(ctx))
      .catch((e: unknown) => console.warn('name index:', (e as { name?: string })?.name ?? 'failed'));
    return v;
  };
  const sessions = new auth.Sessions(ctx);
  const me = () => sessions.require();
  const needRole = (...roles: Role[]) => {
    const s = me();
    if (!roles.some((r) => s.staff.roles.includes(r))) throw new DeskError('workflow.wrongRole');
    return s;
  };
  // A catalog given by the caller (tests) is left alone; otherwise the office's own entries go in force first.
  const catalogLoaded = opts.catalog
    ? Promise.resolve()
    : localCatalog.loadLocalCatalog(ctx).catch((e: unknown) => console.error('local catalog', e));
  const clockLoaded = ctx.db.meta.get('clockOffset').then(
    (r) => {
      clock.offsetMs = Number(r?.value) || 0;
    },
    () => {},
  );
  const ready = Promise.all([sessions.restore(), catalogLoaded, clockLoaded])
    .then(([s]) => s)
    .catch(() => null);

  // One part per feature interface (api.ts), so each is checked against its own contract.
  const session: SessionApi = {
    ready,
    isSetUp: () => auth.isSetUp(ctx),
    setup: async (input) => {
      await auth.setup(ctx, input);
      signedIn(undefined);
    },
    setupDemo: (lang, onProgress) => setupDemo(ctx, lang, undefined, onProgress).then(signedIn),
    signIn: (login, password) => sessions.signIn(login, password).then(signedIn),
    pinPeople: async () => {
      const people = await sessions.pinPeople();
      const staff = new Map((await ctx.db.staff.toArray()).map((s) => [s.id, s]));
      return Promise.all(
        people.map(async (p) => ({
          ...p,
          waiting: await apps.waitingCount(ctx, staff.get(p.id) ?? { id: p.id, roles: [] }),
        })),
      );
    },
    signInWithPin: (staffId, pin) => sessions.signInWithPin(staffId, pin).then(signedIn),
    hasPin: () => sessions.hasPin(),
    signOut: () => {
      sessions.signOut();
      void backups.afterSignOut();
    },
    session: () => sessions.get(),
    lock: () => {
      sessions.lock();
      void backups.afterSignOut();
    },
    lockedSession: () => sessions.lockedSession(),
    unlock: (secret) => sessions.unlock(secret).then(signedIn),
    setPin: (pin) => sessions.setPin(pin),
    setOwnLang: (lang) => sessions.setOwnLang(lang),
    changePassword: (current, next) => sessions.changePassword(current, next),
    onOutdated: (listener) => version.onOutdated(listener),
  };

  const reference: ReferenceApi = {
    office: () => auth.currentOffice(ctx),
    updateOffice: async (patch: Partial<Office>) => {
      const o = await updateOffice(ctx, needRole('head').staff.id, patch);
      sessions.refreshOffice(o);
      return o;
    },
    offices: () => ctx.db.offices.toArray(),
    staff: () => ctx.db.staff.toArray(),
    addStaff: (input) => auth.addStaff(ctx, needRole('head').staff.id, input),
    kindergartens: () => ctx.db.kindergartens.orderBy('number').toArray(),
    saveKindergarten: (kg) => saveKindergarten(ctx, needRole('head', 'clerk').staff.id, kg as Kindergarten),
    calendarYears: () => {
      const [from, to] = (ctx.calendar ?? defaultCalendar).data.coveredYears;
      return [from, to];
    },
  };

  const catalog: CatalogApi = {
    catalog: () => ctx.catalog.all(),
    catalogSettings: async () => {
      me();
      return localCatalog.catalogSettings(ctx);
    },
    saveCatalogEntry: async (input, code) =>
      localCatalog.saveCatalogEntry(ctx, needRole(localCatalog.CATALOG_EDITOR_ROLE), input, code),
    revertCatalogEntry: async (code) =>
      localCatalog.revertCatalogEntry(ctx, needRole(localCatalog.CATALOG_EDITOR_ROLE), code),
  };

  const intake: IntakeApi = {
    openApplicationsForSubject: async (iin, code) => {
      me();
      return apps.openApplicationsForSubject(ctx, iin, code);
    },
    register: async (input, o) => {
      const s = me();
      const app = await apps.register(ctx, s, input, o);
      // A mobile centre's application taken in the settlement of the open visit joins the visit. The
      // registration is already committed and numbered: a failure to note it in the visit must not hide that.
      if (app.channel === 'mobile')
        await visits
          .attachToCurrentVisit(ctx, s, app.id, app.settlement)
          .catch((e) => console.warn('visit link failed', e));
      // The person's unfinished application is this one; a failure to drop it is not worth hiding the registration.
      await drafts.discardDraft(ctx, s).catch((e) => console.warn('draft not discarded', e));
      return app;
    },
    refuseToAccept: async (input, missing) => {
      const s = me();
      const refusal = await apps.refuseToAccept(ctx, s, input, missing);
      await drafts.discardDraft(ctx, s).catch((e) => console.warn('draft not discarded', e));
      return refusal;
    },
    withdrawRefusal: async (id) => apps.withdrawRefusal(ctx, me(), id),
    refusals: async (limit = 100) => {
      me();
      const rows = await ctx.db.refusals.orderBy('sortKey').reverse().limit(limit).toArray();
      return Promise.all(rows.map((r) => refusalFromRow(ctx.vault, r)));
    },
    draft: async () => drafts.loadDraft(ctx, me()),
    saveDraft: async (d) => drafts.saveDraft(ctx, me(), d),
    discardDraft: async () => drafts.discardDraft(ctx, me()),
  };

  const workflow: WorkflowApi = {
    get: async (id) => {
      me();
      const r = await ctx.db.applications.get(id);
      return r ? fromRow(ctx.vault, r) : undefined;
    },
    open: async (id) => {
      const s = me();
      const r = await ctx.db.applications.get(id);
      if (!r) return undefined;
      const app = await fromRow(ctx.vault, r);
      await logAccess(ctx, s, id, 'open');
      return app;
    },
    accessLog: async (id) => {
      me();
      return accessLog(ctx, id);
    },
    resolve: async (id, executorId) => apps.resolve(ctx, me(), id, executorId),
    decide: async (id, d) => apps.decide(ctx, me(), id, d),
    preliminaryRefusal: async (id, n) => apps.preliminaryRefusal(ctx, me(), id, n),
    recordHearing: async (id, r) => apps.recordHearing(ctx, me(), id, r),
    handBack: async (id) => apps.handBack(ctx, me(), id),
    sign: async (id) => apps.sign(ctx, me(), id),
    issue: async (id) => apps.issue(ctx, me(), id),
    markEnrolled: async (id) => apps.markEnrolled(ctx, me(), id),
    reopenForPlace: async (id) => apps.reopenForPlace(ctx, me(), id),
    logPrint: async (id, form, lang, action, kind) => apps.logPrint(ctx, me(), id, form, lang, action, kind),
    pendingFor: async (role) => apps.pendingFor(ctx, me(), role),
    suggestDecision: async (id) => {
      me();
      const row = await ctx.db.applications.get(id);
      if (!row) throw new DeskError('notFound');
      const app = await fromRow(ctx.vault, row);
      const office = await auth.currentOffice(ctx);
      const today = localParts(ctx.now(), office.utcOffsetMinutes).date;
      return apps.suggestFor(app, await ctx.db.kindergartens.toArray(), today, await apps.queue(ctx));
    },
  };

  const queue: QueueApi = {
    queue: async () => {
      me();
      return apps.queue(ctx);
    },
    queuePosition: (id) => apps.queuePosition(ctx, id),
    expireReferrals: async () => apps.expireReferrals(ctx, needRole('clerk', 'head').staff.id),
  };

  const search: SearchApi = {
    list: async (q) => {
      me();
      return list(ctx, q);
    },
    stats: () => stats(ctx),
  };

  const backup: BackupApi = {
    exportBackup: async (password) => exportBackup(ctx, needRole('head'), password),
    // Written by exportBackup (backup.ts); a date only, so no session is needed to read it.
    lastBackupAt: async () => {
      const row = await ctx.db.meta.get('lastBackupAt');
      return typeof row?.value === 'string' ? row.value : null;
    },
    restoreBackup: async (file, password) => {
      await backups.idle();
      const h = await restoreBackup(ctx, file, password);
      await localCatalog.loadLocalCatalog(ctx);
      return { officeName: h.officeName, createdAt: h.createdAt };
    },
    autoBackups: () => backups.list(),
    restoreAutoBackup: async (name, password) => {
      await backups.idle();
      const r = await restoreAutoBackup(ctx, files, name, password);
      await localCatalog.loadLocalCatalog(ctx);
      return r;
    },
  };

  const storage: StorageApi = {
    databaseState: () => databaseState(ctx),
    storageStatus: () => watch.refresh(),
    onStorageChange: (listener) => watch.subscribe(listener),
  };

  const syncState: SyncStateApi = {
    journalNumbers: async () => {
      const office = await auth.currentOffice(ctx);
      return journalNumbers(ctx, Number(localParts(ctx.now(), office.utcOffsetMinutes).date.slice(0, 4)));
    },
    recordSyncState: async (id) => {
      const row = await ctx.db.applications.get(id);
      return {
        pending: await ctx.db.outbox.where('entityId').equals(id).count(),
        serverVersion: row?.serverVersion,
        conflict: !!row?.conflict,
      };
    },
    // Only the envelope and the district's reason leave the data layer: the sealed fields stay sealed.
    quarantined: async () => {
      const rows = await ctx.db.quarantine.orderBy('deviceSeq').reverse().toArray();
      return rows.map((r) => ({
        deviceSeq: r.deviceSeq,
        entity: r.entity,
        entityId: r.entityId,
        kind: r.kind,
        step: r.step,
        reason: r.reason,
        detail: r.detail,
        at: r.at,
      }));
    },
  };

  const complaintsPart: ComplaintsApi = {
    complaints: async (limit) => {
      me();
      return complaints.listComplaints(ctx, limit);
    },
    complaint: async (id) => {
      me();
      const r = await ctx.db.complaints.get(id);
      return r ? complaints.complaintFromRow(ctx, r) : undefined;
    },
    registerComplaint: async (input) => complaints.registerComplaint(ctx, me(), input),
    forwardComplaint: async (id, to) => complaints.forwardComplaint(ctx, me(), id, to),
    answerComplaint: async (id, a) => complaints.answerComplaint(ctx, me(), id, a),
    overdueComplaints: async () => {
      me();
      return complaints.overdueComplaints(ctx);
    },
    logComplaintPrint: async (id, lang, action) => {
      await complaints.logComplaintPrint(ctx, me(), id, lang, action);
    },
  };

  const visitsPart: VisitsApi = {
    visits: async () => {
      me();
      return visits.listVisits(ctx);
    },
    currentVisit: async () => {
      me();
      return visits.currentVisit(ctx);
    },
    knownSettlements: async () => {
      me();
      return visits.knownSettlements(ctx);
    },
    startVisit: async (input) => visits.startVisit(ctx, me(), input),
    chooseVisit: async (id) => visits.chooseVisit(ctx, me(), id),
    endVisit: async (id, at) => visits.endVisit(ctx, me(), id, at),
    settlementsOf: async (ids) => {
      me();
      return visits.settlementsOf(ctx, ids);
    },
  };

  const techProtocols: TechProtocolsApi = {
    techProtocols: async () => {
      me();
      return protocols.listTechProtocols(ctx);
    },
    saveTechProtocol: async (input) => protocols.saveTechProtocol(ctx, me(), input),
    logTechProtocolPrint: async (id, lang, action) => protocols.logTechProtocolPrint(ctx, me(), id, lang, action),
  };

  const api: DeskApi = {
    ...session,
    ...reference,
    ...catalog,
    ...intake,
    ...workflow,
    ...queue,
    ...search,
    ...backup,
    ...storage,
    ...syncState,
    ...complaintsPart,
    ...visitsPart,
    ...techProtocols,
  };
  return guardApi(
    version.guard({
      ...api,
      // For the sync engine and tests only: the UI gets the desk typed as DeskApi (renderer/ui/deskClient.ts).
      context: ctx,
      backupsIdle: () => backups.idle(),
      namesIndexed: () => reindexing.then(() => undefined),
    }),
    watch,
  );
}
