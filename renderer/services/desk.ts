/** The DeskApi over one Dexie database: wires sessions to the service modules. */
import { defaultCatalog, localParts, type Catalog, type Office, type Kindergarten, type Role } from '../../shared';
import { DeskDb } from '../db/schema';
import { DeskError, type DeskApi, type Session } from './api';
import type { DeskContext } from './context';
import * as auth from './auth';
import * as apps from './applications';
import { list, stats } from './search';
import { setupDemo } from './demo';
import { saveKindergarten, updateOffice } from './reference';
import { fromRow, refusalFromRow } from './indexes';
import { Vault, type OsKeyStore } from './vault';
import { accessLog, logAccess } from './access';
import { exportBackup, restoreBackup } from './backup';
import * as complaints from './complaints';
import * as visits from './visits';
import * as protocols from './techProtocols';
import * as localCatalog from './localCatalog';

export type DeskOptions = { db?: DeskDb; now?: () => string; catalog?: Catalog; sessionStore?: DeskContext['sessionStore']; osKeyStore?: OsKeyStore };

export function createDesk(opts: DeskOptions = {}): DeskApi & { ready: Promise<Session | null>; context: DeskContext } {
  const laptopNow = opts.now ?? (() => new Date().toISOString());
  const clock = { offsetMs: 0 };
  const ctx: DeskContext = {
    db: opts.db ?? new DeskDb(),
    now: () => (clock.offsetMs ? new Date(Date.parse(laptopNow()) + clock.offsetMs).toISOString() : laptopNow()),
    clock,
    catalog: opts.catalog ?? defaultCatalog,
    sessionStore: opts.sessionStore,
    vault: new Vault(),
    osKeyStore: opts.osKeyStore,
  };
  const sessions = new auth.Sessions(ctx);
  const me = () => sessions.require();
  const needRole = (...roles: Role[]) => {
    const s = me();
    if (!roles.some((r) => s.staff.roles.includes(r))) throw new DeskError('workflow.wrongRole');
    return s;
  };
  // A catalog given by the caller (tests) is left alone; otherwise the office's own entries go in force first.
  const catalogLoaded = opts.catalog ? Promise.resolve() : localCatalog.loadLocalCatalog(ctx).catch((e: unknown) => console.error('local catalog', e));
  const clockLoaded = ctx.db.meta.get('clockOffset').then((r) => { clock.offsetMs = Number(r?.value) || 0; }, () => {});
  const ready = Promise.all([sessions.restore(), catalogLoaded, clockLoaded]).then(([s]) => s).catch(() => null);

  return {
    context: ctx,
    ready,
    isSetUp: () => auth.isSetUp(ctx),
    setup: async (input) => { await auth.setup(ctx, input); },
    setupDemo: (lang) => setupDemo(ctx, lang),
    signIn: (login, password) => sessions.signIn(login, password),
    signOut: () => sessions.signOut(),
    session: () => sessions.get(),
    lock: () => sessions.lock(),
    lockedSession: () => sessions.lockedSession(),
    unlock: (secret) => sessions.unlock(secret),
    setPin: (pin) => sessions.setPin(pin),

    office: () => auth.currentOffice(ctx),
    updateOffice: async (patch: Partial<Office>) => {
      const o = await updateOffice(ctx, needRole('head').staff.id, patch);
      sessions.refreshOffice(o);
      return o;
    },
    staff: () => ctx.db.staff.toArray(),
    addStaff: (input) => auth.addStaff(ctx, needRole('head').staff.id, input),
    kindergartens: () => ctx.db.kindergartens.orderBy('number').toArray(),
    saveKindergarten: (kg) => saveKindergarten(ctx, needRole('head', 'clerk').staff.id, kg as Kindergarten),
    catalog: () => ctx.catalog.all(),
    catalogSettings: async () => { me(); return localCatalog.catalogSettings(ctx); },
    saveCatalogEntry: async (input, code) => localCatalog.saveCatalogEntry(ctx, needRole(localCatalog.CATALOG_EDITOR_ROLE), input, code),
    revertCatalogEntry: async (code) => localCatalog.revertCatalogEntry(ctx, needRole(localCatalog.CATALOG_EDITOR_ROLE), code),

    openApplicationsForSubject: async (iin, code) => { me(); return apps.openApplicationsForSubject(ctx, iin, code); },
    register: async (input, o) => {
      const s = me();
      const app = await apps.register(ctx, s, input, o);
      // A mobile centre's application carries the settlement of the open visit. The registration
      // is already committed and numbered: a failure to note it in the visit must not hide that.
      await visits.attachToCurrentVisit(ctx, s, app.id).catch((e) => console.warn('visit link failed', e));
      return app;
    },
    refuseToAccept: async (input, missing) => apps.refuseToAccept(ctx, me(), input, missing),
    refusals: async (limit = 100) => {
      me();
      const rows = await ctx.db.refusals.orderBy('sortKey').reverse().limit(limit).toArray();
      return Promise.all(rows.map((r) => refusalFromRow(ctx.vault, r)));
    },

    get: async (id) => { me(); const r = await ctx.db.applications.get(id); return r ? fromRow(ctx.vault, r) : undefined; },
    open: async (id) => {
      const s = me();
      const r = await ctx.db.applications.get(id);
      if (!r) return undefined;
      const app = await fromRow(ctx.vault, r);
      await logAccess(ctx, s, id, 'open');
      return app;
    },
    accessLog: async (id) => { me(); return accessLog(ctx, id); },
    resolve: async (id, executorId) => apps.resolve(ctx, me(), id, executorId),
    decide: async (id, d) => apps.decide(ctx, me(), id, d),
    preliminaryRefusal: async (id, n) => apps.preliminaryRefusal(ctx, me(), id, n),
    recordHearing: async (id, r) => apps.recordHearing(ctx, me(), id, r),
    handBack: async (id) => apps.handBack(ctx, me(), id),
    sign: async (id) => apps.sign(ctx, me(), id),
    issue: async (id) => apps.issue(ctx, me(), id),
    expireReferrals: async () => apps.expireReferrals(ctx, needRole('clerk', 'head').staff.id),
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

    list: async (q) => { me(); return list(ctx, q); },
    queue: async () => { me(); return apps.queue(ctx); },
    queuePosition: (id) => apps.queuePosition(ctx, id),
    stats: () => stats(ctx),
    exportBackup: async (password) => exportBackup(ctx, needRole('head'), password),
    restoreBackup: async (file, password) => {
      const h = await restoreBackup(ctx, file, password);
      await localCatalog.loadLocalCatalog(ctx);
      return { officeName: h.officeName, createdAt: h.createdAt };
    },
    recordSyncState: async (id) => {
      const row = await ctx.db.applications.get(id);
      return { pending: await ctx.db.outbox.where('entityId').equals(id).count(), serverVersion: row?.serverVersion, conflict: !!row?.conflict };
    },

    complaints: async (limit) => { me(); return complaints.listComplaints(ctx, limit); },
    complaint: async (id) => { me(); const r = await ctx.db.complaints.get(id); return r ? complaints.complaintFromRow(ctx, r) : undefined; },
    registerComplaint: async (input) => complaints.registerComplaint(ctx, me(), input),
    forwardComplaint: async (id, to) => complaints.forwardComplaint(ctx, me(), id, to),
    answerComplaint: async (id, a) => complaints.answerComplaint(ctx, me(), id, a),
    overdueComplaints: async () => { me(); return complaints.overdueComplaints(ctx); },
    logComplaintPrint: async (id, lang, action) => { await complaints.logComplaintPrint(ctx, me(), id, lang, action); },

    visits: async () => { me(); return visits.listVisits(ctx); },
    currentVisit: async () => { me(); return visits.currentVisit(ctx); },
    startVisit: async (input) => visits.startVisit(ctx, me(), input),
    chooseVisit: async (id) => visits.chooseVisit(ctx, me(), id),
    endVisit: async (id, at) => visits.endVisit(ctx, me(), id, at),
    settlementsOf: async (ids) => { me(); return visits.settlementsOf(ctx, ids); },

    techProtocols: async () => { me(); return protocols.listTechProtocols(ctx); },
    saveTechProtocol: async (input) => protocols.saveTechProtocol(ctx, me(), input),
    logTechProtocolPrint: async (id, lang, action) => protocols.logTechProtocolPrint(ctx, me(), id, lang, action),
  };
}
