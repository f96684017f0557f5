import { nameTokens, type Application } from '../../shared';
import type { AppIndex, AppRow } from '../db/schema';

/** The search and paging keys of an application: the one place they are derived. */
export function indexFields(app: Application): AppIndex {
  const open = app.status !== 'issued';
  return {
    childIin: app.child.iin,
    applicantIin: app.applicant.iin,
    nameKeys: nameTokens(app.child.lastName, app.child.firstName, app.child.middleName, app.applicant.lastName, app.applicant.firstName, app.applicant.middleName),
    sortKey: `${app.acceptedAt}|${app.id}`,
    ...(open ? { openDueAt: app.dueAt } : {}),
  };
}

/** A row for the table; sync bookkeeping (server version, conflict flag) carries over from `prev`. */
export const toRow = (app: Application, prev?: Pick<AppRow, 'serverVersion' | 'conflict'>): AppRow => {
  const row = { ...app, ...indexFields(app) } as AppRow;
  if (prev?.serverVersion !== undefined) row.serverVersion = prev.serverVersion;
  if (prev?.conflict) row.conflict = true;
  if (app.status === 'issued') delete row.openDueAt;
  return row;
};

export function fromRow(row: AppRow): Application {
  const { childIin: _a, applicantIin: _b, nameKeys: _c, sortKey: _d, openDueAt: _e, serverVersion: _f, conflict: _g, ...app } = row;
  return app;
}
