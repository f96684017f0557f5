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

export const toRow = (app: Application): AppRow => {
  const row = { ...app, ...indexFields(app) } as AppRow;
  if (app.status === 'issued') delete row.openDueAt;
  return row;
};

export function fromRow(row: AppRow): Application {
  const { childIin: _a, applicantIin: _b, nameKeys: _c, sortKey: _d, openDueAt: _e, ...app } = row;
  return app;
}
