import { useTranslation } from 'react-i18next';
import type { Application, Role } from '../../../shared';
import { desk, type DeskStats } from '../deskClient';
import { AppTable } from '../components/AppTable';
import { ErrorBox, Loading } from '../components/Notice';
import { useLoad } from '../hooks';
import { NumbersLeft } from '../components/NumbersLeft';
import { go } from '../router';
import { useSession } from '../session';
import { canAccept } from '../roles';
import { CurrentVisitBanner, OverdueComplaints } from '../components/OverdueComplaints';

type Home = {
  stats: DeskStats;
  dueToday: Application[];
  atRisk: Application[];
  overdue: Application[];
  pending: Array<{ role: Role; items: Application[] }>;
};

const TILES: Array<keyof DeskStats> = [
  'dueToday',
  'atRisk',
  'overdue',
  'waiting',
  'applicationsThisYear',
  'refusalsToAccept',
  'refusalsThisMonth',
];

export function DeskHome() {
  const { t } = useTranslation();
  const { session } = useSession();
  const roles = session.staff.roles;
  const home = useLoad<Home>(async () => {
    const [stats, dueToday, atRisk, overdue, ...pending] = await Promise.all([
      desk.stats(),
      desk.list({ due: 'dueToday', limit: 20 }),
      desk.list({ due: 'atRisk', limit: 20 }),
      desk.list({ due: 'overdue', limit: 20 }),
      ...roles.map((r) => desk.pendingFor(r)),
    ]);
    return {
      stats,
      dueToday: dueToday.items,
      atRisk: atRisk.items,
      overdue: overdue.items,
      pending: roles.map((role, i) => ({ role, items: pending[i] })),
    };
  }, [roles.join(',')]);

  return (
    <div className="screen" data-testid="desk-home">
      <div className="screen-head">
        <h1>{t('desk.title')}</h1>
        {canAccept(roles) && (
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => go({ name: 'intake' })}
            data-testid="desk-new-application"
          >
            {t('desk.newApplication')}
          </button>
        )}
      </div>
      <CurrentVisitBanner />
      <NumbersLeft />
      <ErrorBox problem={home.error} />
      {!home.data ? (
        <Loading />
      ) : (
        <>
          <div className="tiles" data-testid="desk-stats">
            {TILES.map((k) => (
              <div
                key={k}
                className={`tile tile--${k}${home.data?.stats[k] ? ' tile--nonzero' : ''}`}
                data-testid={`stat-${k}`}
              >
                <div className="tile-value">{home.data?.stats[k]}</div>
                <div className="tile-label">{t(`desk.stats.${k}`)}</div>
              </div>
            ))}
          </div>
          <div className="desk-grid">
            <section className="panel" data-testid="desk-pending">
              <h2>{t('desk.myPending')}</h2>
              {home.data.pending.map(({ role, items }) => (
                <div key={role} className="pending-role" data-testid={`pending-${role}`}>
                  <h3>
                    {t(`desk.pendingFor.${role}`)} <span className="count">{items.length}</span>
                  </h3>
                  <AppTable items={items.slice(0, 8)} compact />
                </div>
              ))}
            </section>
            <section className="panel">
              <h2 className="h-overdue">
                {t('desk.overdue')} <span className="count">{home.data.overdue.length}</span>
              </h2>
              <AppTable items={home.data.overdue} compact testid="desk-overdue" />
              <OverdueComplaints />
              <h2 className="h-today">
                {t('desk.dueToday')} <span className="count">{home.data.dueToday.length}</span>
              </h2>
              <AppTable items={home.data.dueToday} compact testid="desk-due-today" />
              <h2 className="h-risk">
                {t('desk.atRisk')} <span className="count">{home.data.atRisk.length}</span>
              </h2>
              <AppTable items={home.data.atRisk} compact testid="desk-at-risk" />
            </section>
          </div>
        </>
      )}
    </div>
  );
}
