/** The DeskApi over one Dexie database: wires sessions to the service modules. */
import { defaultCatalog, type Catalog, type Office, type Kindergarten, type Role } from '../../shared';
import { DeskDb } from '../db/schema';
import { DeskError, type DeskApi, type Session } from './api';
import type { DeskContext } from './context';
import * as auth from './auth';
import * as apps from './applications';
import { list, stats } from './search';
import { setupDemo } from './demo';
import { saveKindergarten, updateOffice } from './reference';
import { fromRow } from './indexes';

export type DeskOptions = { db?: DeskDb; now?: () => string; catalog?: Catalog; sessionStore?: DeskContext['sessionStore'] };

export function createDesk(opts: DeskOptions = {}): DeskApi & { ready: Promise<Session | null>; context: DeskContext } {
  const ctx: DeskContext = {
    db: opts.db ?? new DeskDb(),
    now: opts.now ?? (() => new Date().toISOString()),
    catalog: opts.catalog ?? defaultCatalog,
    sessionStore: opts.sessionStore,
  };
  const sessions = new auth.Sessions(ctx);
  const me = () => sessions.require();
  const needRole = (...roles: Role[]) => {
    const s = me();
    if (!roles.some((r) => s.staff.roles.includes(r))) throw new DeskError('workflow.wrongRole');
    return s;
  };
  const ready = sessions.restore().catch(() => null);

  return {
    context: ctx,
    ready,
    isSetUp: () => auth.isSetUp(ctx),
    setup: async (input) => { await auth.setup(ctx, input); },
    setupDemo: (lang) => setupDemo(ctx, lang),
    signIn: (login, password) => sessions.signIn(login, password),
    signOut: () => sessions.signOut(),
    session: () => sessions.get(),

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

    openApplicationsForChild: (iin, code) => apps.openApplicationsForChild(ctx, iin, code),
    register: (input, o) => apps.register(ctx, me(), input, o),
    refuseToAccept: (input, missing) => apps.refuseToAccept(ctx, me(), input, missing),
    refusals: async (limit = 100) => (await ctx.db.refusals.orderBy('sortKey').reverse().limit(limit).toArray()).map(({ sortKey: _s, ...r }) => r),

    get: async (id) => { const r = await ctx.db.applications.get(id); return r ? fromRow(r) : undefined; },
    resolve: (id, executorId) => apps.resolve(ctx, me(), id, executorId),
    decide: (id, d) => apps.decide(ctx, me(), id, d),
    sign: (id) => apps.sign(ctx, me(), id),
    issue: (id) => apps.issue(ctx, me(), id),
    expireReferrals: () => apps.expireReferrals(ctx, me().staff.id),
    markEnrolled: (id) => apps.markEnrolled(ctx, me(), id),
    reopenForPlace: (id) => apps.reopenForPlace(ctx, me(), id),
    logPrint: (id, form, lang, action, kind) => apps.logPrint(ctx, me(), id, form, lang, action, kind),
    pendingFor: (role) => apps.pendingFor(ctx, me(), role),

    list: (q) => list(ctx, q),
    queue: () => apps.queue(ctx),
    queuePosition: (id) => apps.queuePosition(ctx, id),
    stats: () => stats(ctx),
    recordSyncState: async (id) => {
      const row = await ctx.db.applications.get(id);
      return { pending: await ctx.db.outbox.where('entityId').equals(id).count(), serverVersion: row?.serverVersion, conflict: !!row?.conflict };
    },
  };
}
