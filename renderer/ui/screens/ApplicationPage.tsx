/**
 * One application: everything recorded, where it stands, what the signed-in
 * person may do next, and its papers. The page lays out the panels of
 * application/; it loads everything once (application/load.ts) and again
 * after each action.
 */
import { useTranslation } from 'react-i18next';
import { DueBadge, QueueBadge, StatusBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Notice';
import { AccessLog } from '../components/AccessLog';
import { useLoad } from '../hooks';
import { useSession } from '../session';
import { ActionPanel } from './application/ActionPanel';
import { DecisionPanel } from './application/DecisionPanel';
import { ApplicantPanel, DocumentsPanel, SubjectPanels } from './application/FactsPanels';
import { loadApplication, useSyncView, type ApplicationData } from './application/load';
import { PrintLog, PrintSection } from './application/Prints';
import { StepsPanel } from './application/StepsPanel';
import { SummaryBar } from './application/SummaryBar';
import { ConflictNotice, SyncFlagsView, WithdrawalNotice } from './application/SyncState';

export function ApplicationPage({ id }: { id: string }) {
  const data = useLoad(() => loadApplication(id), [id]);
  if (data.error && !data.data) return <ErrorBox problem={data.error} />;
  if (data.data === undefined) return <Loading />;
  if (data.data === null) return <ErrorBox problem={{ code: 'notFound', params: {}, fields: [] }} />;
  return <ApplicationView {...data.data} reload={data.reload} />;
}

function ApplicationView({
  app,
  entry,
  kgs,
  staff,
  sync,
  access,
  suggestion,
  reload,
}: ApplicationData & { reload: () => void }) {
  const sv = useSyncView(app, sync);
  const { t } = useTranslation();
  const { session } = useSession();
  const kgById = new Map(kgs.map((k) => [k.id, k]));

  return (
    <div className="screen app-page" data-testid="application-page" data-id={app.id}>
      <div className="screen-head">
        <h1>{t('app.title', { no: app.journalNo })}</h1>
        <span data-testid="app-journal-no" className="sr-only">
          {app.journalNo}
        </span>
        <StatusBadge status={app.status} />
        <QueueBadge state={app.queueState} />
        <DueBadge app={app} />
        <SyncFlagsView flags={sv.flags} />
      </div>
      <ConflictNotice flags={sv.flags} />
      <WithdrawalNotice app={app} />
      <SummaryBar app={app} entry={entry} place={sv.place} />

      <div className="app-grid">
        <div className="app-main">
          <div className="grid grid--2 cards">
            <ApplicantPanel app={app} />
            <SubjectPanels app={app} entry={entry} kgById={kgById} />
          </div>
          <DocumentsPanel app={app} entry={entry} />
          <DecisionPanel app={app} entry={entry} kgById={kgById} />
          <StepsPanel app={app} entry={entry} />
          <PrintLog app={app} />
          <AccessLog entries={access} office={session.office} />
        </div>

        <aside className="app-side">
          <ActionPanel app={app} entry={entry} kgs={kgs} staff={staff} suggestion={suggestion} reload={reload} />
          <PrintSection app={app} entry={entry} onLogged={reload} />
        </aside>
      </div>
    </div>
  );
}
