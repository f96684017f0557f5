/**
 * The district console: first-run setup, one sign-in (an HttpOnly session
 * cookie, so a reload keeps it), the forced password change, then the
 * district's screens by hash route (#/offices, #/devices, ...), so the page
 * works from any path the server serves it under.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KZ_UTC_OFFSET_MINUTES, calendarGap, localParts, type ConsoleSession, type SetupStatus } from '../../shared';
import { consoleApi, onUnauthorized } from './api';
import { ConsoleContext, useConsole } from './context';
import { LangSwitch } from './LangSwitch';
import { CONSOLE_SCREENS, screenFromHash, type ConsoleScreen } from './routes';
import { ErrorNote, Loading, Note, bi, useData } from './ui';
import { SetupScreen } from './screens/Setup';
import { SignInScreen, ChangePasswordScreen } from './screens/SignIn';
import { OfficesScreen } from './screens/Offices';
import { StaffScreen } from './screens/Staff';
import { KindergartensScreen } from './screens/Kindergartens';
import { ImportScreen } from './screens/Import';
import { DevicesScreen } from './screens/Devices';
import { CodesScreen } from './screens/Codes';
import { QueueScreen } from './screens/Queue';
import { ReportsScreen } from './screens/Reports';
import { CatalogScreen } from './screens/Catalog';
import { AuditScreen } from './screens/Audit';
import { ReconciliationScreen } from './screens/Reconciliation';
import { BackupsScreen } from './screens/Backups';

type Boot = { status: SetupStatus; session: ConsoleSession | null };

export function App() {
  const { t } = useTranslation();
  const loaded = useData<Boot>(async () => {
    const status = await consoleApi.setupStatus();
    const session = status.needsSetup ? null : await consoleApi.session();
    return { status, session };
  }, []);
  // A sign-in or sign-out changes the session of the last load in place (no need to ask the server again).
  const data = loaded.data;
  const [edit, setEdit] = useState<{ of: Boot; session: ConsoleSession | null } | null>(null);
  const boot: Boot | null = data ? (edit && edit.of === data ? { ...data, session: edit.session } : data) : null;
  const setSession = useCallback(
    (session: ConsoleSession | null) => {
      if (data) setEdit({ of: data, session });
    },
    [data],
  );
  const error = loaded.error;
  const load = loaded.reload;
  // A call refused with 401 (the session expired or was ended elsewhere): back to the sign-in.
  useEffect(() => onUnauthorized(() => setSession(null)), [setSession]);

  let body;
  if (error)
    body = (
      <div className="card">
        <ErrorNote error={error} />
        <button type="button" className="btn" onClick={() => load()} data-testid="console-retry">
          {t('console.retry')}
        </button>
      </div>
    );
  else if (!boot || loaded.loading) body = <Loading />;
  else if (boot.status.needsSetup)
    body = boot.status.setupAllowedHere ? (
      <SetupScreen onDone={() => load()} />
    ) : (
      <div className="card" data-testid="console-setup-elsewhere">
        <h1>{t('console.setup.title')}</h1>
        <Note kind="info">{t('console.setup.elsewhere')}</Note>
        <code className="small">npx tsx server/cli/setup.ts --help</code>
      </div>
    );
  else if (!boot.session) body = <SignInScreen onSignedIn={(session) => setSession(session)} />;
  else if (boot.session.mustChangePassword)
    body = <ChangePasswordScreen session={boot.session} onChanged={() => load()} />;
  else
    body = (
      <ConsoleContext.Provider value={{ session: boot.session, signOut: () => setSession(null) }}>
        <Shell />
      </ConsoleContext.Provider>
    );

  const demo = boot?.session?.demo ?? boot?.status.demo ?? false;
  const district = boot?.session?.district ?? boot?.status.district?.name;
  return (
    <div className="app console" data-testid="console">
      {demo && (
        <div className="console-demo" role="alert" data-testid="console-demo-banner">
          {t('console.demoBanner')}
        </div>
      )}
      <header className="app-header">
        <div className="brand">
          <div className="brand-text">
            <div className="app-name">{t('console.title')}</div>
            {district && <ConsoleDistrictName name={district} />}
          </div>
        </div>
        <div className="header-right">
          <LangSwitch />
        </div>
      </header>
      <main className="content console-main">{body}</main>
    </div>
  );
}

function ConsoleDistrictName({ name }: { name: { kk: string; ru: string } }) {
  const { i18n } = useTranslation();
  return (
    <div className="small" data-testid="console-district">
      {bi(name, i18n.language === 'ru' ? 'ru' : 'kk')}
    </div>
  );
}

function useHashScreen(): ConsoleScreen {
  const [screen, setScreen] = useState(() => screenFromHash(location.hash));
  useEffect(() => {
    const on = () => setScreen(screenFromHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return screen;
}

/**
 * The district's working-day calendar lacks the year in force or, from
 * December, the next one (K-03): every desk then counts terms in it without
 * its Kurban Ait and transfers. Said over every screen until the district adds it.
 */
function CalendarGapNote({ years }: { years: ConsoleSession['calendarYears'] }) {
  const { t } = useTranslation();
  const gap = calendarGap(years, localParts(new Date().toISOString(), KZ_UTC_OFFSET_MINUTES).date);
  if (!gap) return null;
  return (
    <Note kind="warn" testid="console-calendar-gap">
      <span data-year={gap.year} data-kind={gap.kind}>
        {t(gap.kind === 'thisYear' ? 'calendarGap.thisYear' : 'calendarGap.nextYear', { year: gap.year })}
      </span>
    </Note>
  );
}

function Shell() {
  const { t } = useTranslation();
  const { session, signOut } = useConsole();
  const screen = useHashScreen();
  const [busy, setBusy] = useState(false);
  async function doSignOut() {
    setBusy(true);
    // Forgotten here whatever the server answers: the cookie expires on its own if the call fails.
    await consoleApi.signOut().catch(() => undefined);
    setBusy(false);
    signOut();
  }
  return (
    <div className="console-shell">
      <div className="screen-head">
        <span data-testid="console-user">{session.staff.fullName}</span>
        <span className="muted small" data-testid="console-roles">
          {session.staff.roles.map((r) => t(`role.${r}`)).join(', ')}
        </span>
        <button
          type="button"
          className="btn btn--small"
          disabled={busy}
          onClick={() => void doSignOut()}
          data-testid="console-signout"
        >
          {t('console.signOut')}
        </button>
      </div>
      <CalendarGapNote years={session.calendarYears} />
      <nav className="tabs" aria-label={t('console.title')}>
        {CONSOLE_SCREENS.map((x) => (
          <a
            key={x}
            href={`#/${x}`}
            className={`tab${x === screen ? ' active' : ''}`}
            aria-current={x === screen ? 'page' : undefined}
            data-testid={`console-nav-${x}`}
          >
            {t(`console.nav.${x}`)}
          </a>
        ))}
      </nav>
      <div className="tab-body" key={screen}>
        {screen === 'offices' && <OfficesScreen />}
        {screen === 'staff' && <StaffScreen />}
        {screen === 'kindergartens' && <KindergartensScreen />}
        {screen === 'import' && <ImportScreen />}
        {screen === 'devices' && <DevicesScreen />}
        {screen === 'codes' && <CodesScreen />}
        {screen === 'queue' && <QueueScreen />}
        {screen === 'reports' && <ReportsScreen />}
        {screen === 'reconciliation' && <ReconciliationScreen />}
        {screen === 'catalog' && <CatalogScreen />}
        {screen === 'audit' && <AuditScreen />}
        {screen === 'backups' && <BackupsScreen />}
      </div>
    </div>
  );
}
