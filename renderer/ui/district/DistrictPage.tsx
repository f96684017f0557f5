/**
 * The district education office's reconciliation desk: the district-wide
 * queue, conflicts, duplicates, the backlog, quarantined ops, devices and
 * their enrolment codes, and batch files brought on a USB stick. Needs a
 * separate district sign-in (a server session, kept in memory only).
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { desk } from '../deskClient';
import { TextField } from '../components/Field';
import { Loading, Notice } from '../components/Notice';
import type { Problem } from '../errors';
import { useLoad } from '../hooks';
import { DISTRICT_TABS, hrefFor, type DistrictTab } from '../router';
import { useSession } from '../session';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { useEnrolment } from '../sync/useSync';
import { sync, type DistrictSession } from '../syncClient';
import { DistrictRefsContext, makeRefs } from './common';
import { QueueTab } from './QueueTab';
import { ConflictsTab } from './ConflictsTab';
import { DuplicatesTab } from './DuplicatesTab';
import { BacklogTab } from './BacklogTab';
import { QuarantineTab } from './QuarantineTab';
import { DevicesTab } from './DevicesTab';
import { CodesTab } from './CodesTab';
import { ImportTab } from './ImportTab';
import { CatalogTab } from './CatalogTab';

function useDistrictSession(): DistrictSession | null {
  const [s, setS] = useState(sync.district.session());
  useEffect(() => sync.district.subscribe(setS), []);
  return s;
}

export function DistrictPage({ tab = 'queue' }: { tab?: DistrictTab }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const enr = useEnrolment();
  const ds = useDistrictSession();
  const ref = useLoad(async () => {
    const [offices, staff, kgs] = await Promise.all([desk.offices(), desk.staff(), desk.kindergartens()]);
    return { offices, staff, kgs };
  }, []);
  const refs = useMemo(
    () => makeRefs(ref.data?.offices ?? [], ref.data?.staff ?? [], ref.data?.kgs ?? [], lang),
    [ref.data, lang],
  );

  if (enr === undefined) return <Loading />;
  return (
    <div className="screen district-page" data-testid="district-page">
      <div className="screen-head">
        <h1>{t('district.title')}</h1>
        {ds && (
          <>
            <span className="muted" data-testid="district-user">
              {ds.staff.fullName}
            </span>
            <button
              type="button"
              className="btn btn--small"
              onClick={() => sync.district.signOut()}
              data-testid="district-signout"
            >
              {t('district.signOut')}
            </button>
          </>
        )}
      </div>
      {!enr ? (
        <Notice kind="info" testid="district-not-enrolled">
          {t('district.notEnrolled')}
        </Notice>
      ) : !ds ? (
        <DistrictSignIn baseUrl={enr.baseUrl} />
      ) : (
        <DistrictRefsContext.Provider value={refs}>
          <nav className="tabs" aria-label={t('district.title')}>
            {DISTRICT_TABS.map((x) => (
              <a
                key={x}
                href={hrefFor({ name: 'district', tab: x })}
                className={`tab${x === tab ? ' active' : ''}`}
                aria-current={x === tab ? 'page' : undefined}
                data-testid={`district-tab-${x}`}
              >
                {t(`district.tab.${x}`)}
              </a>
            ))}
          </nav>
          <div className="tab-body" key={tab}>
            {tab === 'queue' && <QueueTab />}
            {tab === 'conflicts' && <ConflictsTab />}
            {tab === 'duplicates' && <DuplicatesTab />}
            {tab === 'backlog' && <BacklogTab />}
            {tab === 'quarantine' && <QuarantineTab />}
            {tab === 'devices' && <DevicesTab />}
            {tab === 'codes' && <CodesTab />}
            {tab === 'import' && <ImportTab />}
            {tab === 'catalog' && <CatalogTab />}
          </div>
        </DistrictRefsContext.Provider>
      )}
    </div>
  );
}

function DistrictSignIn({ baseUrl }: { baseUrl: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [login, setLogin] = useState(session.staff.login);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await sync.district.signIn(baseUrl, login.trim(), password);
    } catch (err) {
      setProblem(syncProblem(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card sign-in" onSubmit={(e) => void submit(e)} data-testid="district-signin">
      <h2>{t('district.signInTitle')}</h2>
      <p className="small muted">{t('district.signInText', { server: baseUrl })}</p>
      <TextField
        label={t('signIn.login')}
        value={login}
        onChange={setLogin}
        testid="district-login"
        autoComplete="username"
      />
      <TextField
        label={t('signIn.password')}
        type="password"
        value={password}
        onChange={setPassword}
        testid="district-password"
        autoFocus
        autoComplete="current-password"
      />
      <SyncErrorBox problem={problem} testid="district-error" />
      <button
        type="submit"
        className="btn btn--primary btn--block"
        disabled={busy || !login.trim() || !password}
        data-testid="district-submit"
      >
        {busy ? t('common.working') : t('district.signIn')}
      </button>
    </form>
  );
}
