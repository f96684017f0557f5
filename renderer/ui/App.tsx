/**
 * Top level: first run (office set-up or demo) -> sign-in -> the desk.
 * Which of the three shows depends only on the data layer, so a reload lands
 * in the same place.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang, Role } from '../../shared';
import { desk, type Session } from './deskClient';
import { Header } from './components/Header';
import { Nav } from './components/Nav';
import { ErrorBox, Loading } from './components/Notice';
import { toProblem, type Problem } from './errors';
import { useRoute } from './router';
import { SessionContext, type SessionValue } from './session';
import { FirstRun } from './screens/FirstRun';
import { StorageNotice } from './components/StorageNotice';
import { CalendarNotice } from './components/CalendarNotice';
import { ChangePassword, SignIn } from './screens/SignIn';
import { LockScreen } from './screens/LockScreen';
import { idleLockMs, useIdleLock } from './idleLock';
import { flushDrafts } from './drafts';
import { followPerson } from '../i18n';
import { PinOffer } from './components/PinOffer';
import { OutdatedNotice, useOutdated } from './components/OutdatedNotice';
import { DeskHome } from './screens/DeskHome';
import { Intake } from './screens/Intake';
import { ApplicationPage } from './screens/ApplicationPage';
import { QueuePage } from './screens/QueuePage';
import { SearchPage } from './screens/SearchPage';
import { KindergartensPage } from './screens/KindergartensPage';
import { RefusalsPage } from './screens/RefusalsPage';
import { ComplaintsPage } from './screens/ComplaintsPage';
import { ReportsPage } from './screens/ReportsPage';
import { VisitsPage } from './screens/VisitsPage';
import { TechProtocolPage } from './screens/TechProtocolPage';
import { SettingsPage } from './screens/SettingsPage';
import { SyncPage } from './screens/SyncPage';
import { DistrictPage } from './district/DistrictPage';
import { sync } from './syncClient';

type Phase =
  | { name: 'loading' }
  | { name: 'failed'; problem: Problem }
  | { name: 'firstRun'; damaged?: boolean }
  | { name: 'signIn'; login?: string }
  | { name: 'main'; session: Session }
  | { name: 'mustChange'; session: Session }
  | { name: 'locked'; session: Session };

/**
 * Where a session goes: a one-time password from the district is changed before anything else,
 * however the session came (sign-in, unlock after a reload, the OS key store); the data layer
 * refuses every other call meanwhile (auth.mustChangePassword).
 */
const signedIn = (session: Session): Phase =>
  session.mustChangePassword ? { name: 'mustChange', session } : { name: 'main', session };

function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'ru' ? 'ru' : 'kk';
}

export function App() {
  const lang = useLang();
  const [phase, setPhase] = useState<Phase>({ name: 'loading' });
  const outdated = useOutdated();

  const boot = useCallback(async (): Promise<Phase> => {
    try {
      // An empty or damaged database is offered its automatic backup first (FirstRun); a newer one is left alone.
      const state = await desk.databaseState();
      if (state === 'newer') return { name: 'failed', problem: { code: 'storage.newer', params: {}, fields: [] } };
      if (state !== 'ready') return { name: 'firstRun', damaged: state === 'damaged' };
      // A reload in the same tab keeps the person signed in; wait for that restore.
      const s = (await desk.ready) ?? desk.session();
      // In a browser the keys do not survive a reload: the same person gets the lock screen, not the sign-in form.
      const locked = s ? null : desk.lockedSession();
      return s ? signedIn(s) : locked ? { name: 'locked', session: locked } : { name: 'signIn' };
    } catch (e) {
      return { name: 'failed', problem: toProblem(e) };
    }
  }, []);
  useEffect(() => {
    void boot().then(setPhase);
  }, [boot]);
  // The benchmark's "cold start to interactive": the first screen a person can use is on screen.
  useEffect(() => {
    if (phase.name !== 'loading' && !performance.getEntriesByName('app-interactive').length)
      performance.mark('app-interactive');
  }, [phase.name]);

  // A half-typed application is saved (sealed) first: that needs the session and the keys (drafts.ts, bounded in time).
  const signOut = useCallback(() => {
    void flushDrafts().finally(() => {
      // District powers end with the desk session of whoever opened them.
      sync.district.signOut();
      desk.signOut();
      setPhase({ name: 'signIn' });
    });
  }, []);

  const lock = useCallback(() => {
    void flushDrafts().finally(() => {
      desk.lock();
      const who = desk.lockedSession();
      setPhase(who ? { name: 'locked', session: who } : { name: 'signIn' });
    });
  }, []);

  // The language follows whoever is at the desk (i18n.ts): theirs once they are known, the computer's before.
  const who =
    phase.name === 'main' || phase.name === 'mustChange' || phase.name === 'locked' ? phase.session.staff : null;
  const person = who?.id ?? null;
  const recordLang = who?.lang;
  useEffect(() => {
    void followPerson(person, recordLang);
  }, [person, recordLang]);

  // A newer version has the database: nothing of this window may be used.
  if (outdated) return <OutdatedNotice />;
  if (phase.name === 'main')
    return (
      <Main
        session={phase.session}
        lang={lang}
        onSignOut={signOut}
        onLock={lock}
        onSession={(s) => setPhase(signedIn(s))}
      />
    );

  return (
    <div className="app app--plain">
      <Header lang={lang} />
      <StorageNotice />
      <main className="plain-main">
        {phase.name === 'loading' && <Loading />}
        {phase.name === 'failed' && <ErrorBox problem={phase.problem} />}
        {phase.name === 'firstRun' && (
          <FirstRun lang={lang} damaged={phase.damaged} onDone={(login) => setPhase({ name: 'signIn', login })} />
        )}
        {phase.name === 'signIn' && <SignIn initialLogin={phase.login} onSignedIn={(s) => setPhase(signedIn(s))} />}
        {phase.name === 'mustChange' && (
          <ChangePassword name={phase.session.staff.fullName} onChanged={(s) => setPhase(signedIn(s))} />
        )}
        {phase.name === 'locked' && (
          <LockScreen session={phase.session} onUnlocked={(s) => setPhase(signedIn(s))} onSwitchUser={signOut} />
        )}
      </main>
    </div>
  );
}

function Main({
  session,
  lang,
  onSignOut,
  onLock,
  onSession,
}: {
  session: Session;
  lang: Lang;
  onSignOut: () => void;
  onLock: () => void;
  onSession: (s: Session) => void;
}) {
  const route = useRoute();
  // Records open only once someone signs in, so that is when an enrolled computer catches up with the district.
  useEffect(() => {
    void sync.syncNow();
  }, [session.staff.id]);
  useIdleLock(idleLockMs(session.office.idleLockMinutes), onLock);
  const value = useMemo<SessionValue>(
    () => ({
      session,
      lang,
      hasRole: (r: Role) => session.staff.roles.includes(r),
      refresh: async () => {
        const office = await desk.office();
        onSession({ ...session, office });
      },
      signOut: onSignOut,
    }),
    [session, lang, onSignOut, onSession],
  );

  return (
    <SessionContext.Provider value={value}>
      <div className="app">
        <Header lang={lang} session={session} onSignOut={onSignOut} />
        <StorageNotice session={session} />
        <CalendarNotice office={session.office} />
        <div className="app-body">
          <Nav route={route} />
          <main className="content" key={route.name === 'application' ? `app-${route.id}` : route.name}>
            {route.name === 'desk' && <PinOffer session={session} />}
            {route.name === 'desk' && <DeskHome />}
            {route.name === 'intake' && <Intake />}
            {route.name === 'application' && <ApplicationPage id={route.id} />}
            {route.name === 'queue' && <QueuePage />}
            {route.name === 'search' && <SearchPage />}
            {route.name === 'kindergartens' && <KindergartensPage />}
            {route.name === 'refusals' && <RefusalsPage />}
            {route.name === 'complaints' && <ComplaintsPage />}
            {route.name === 'reports' && <ReportsPage />}
            {route.name === 'visits' && <VisitsPage />}
            {route.name === 'techProtocol' && <TechProtocolPage />}
            {route.name === 'settings' && <SettingsPage />}
            {route.name === 'sync' && <SyncPage />}
            {route.name === 'district' &&
              (session.office.type === 'districtEducation' ? <DistrictPage tab={route.tab} /> : <DeskHome />)}
          </main>
        </div>
      </div>
    </SessionContext.Provider>
  );
}
