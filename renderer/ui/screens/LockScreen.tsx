/**
 * The locked screen: the same person comes back with their password or PIN;
 * anyone else signs out and signs in as themselves. Shown after the idle
 * lock and, in a browser, after a reload (the keys did not survive it).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { desk, type Session } from '../deskClient';
import { toProblem, type Problem } from '../errors';
import { ErrorBox } from '../components/Notice';
import { TextField } from '../components/Field';

export function LockScreen({
  session,
  onUnlocked,
  onSwitchUser,
}: {
  session: Session;
  onUnlocked: (s: Session) => void;
  onSwitchUser: () => void;
}) {
  const { t } = useTranslation();
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  // After repeated failures the data layer makes people wait; count the wait down instead of showing a stale number.
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (waitUntil === null) return;
    const timer = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= waitUntil) {
        setWaitUntil(null);
        setProblem(null);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [waitUntil]);

  const waiting = waitUntil !== null && now < waitUntil;
  const shown: Problem | null = waiting
    ? {
        code: 'auth.tooManyAttempts',
        params: { seconds: Math.max(1, Math.ceil((waitUntil - now) / 1000)) },
        fields: [],
      }
    : problem;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!secret || busy || waiting) return;
    setBusy(true);
    setProblem(null);
    try {
      const s = await desk.unlock(secret);
      onUnlocked(s);
    } catch (err) {
      const p = toProblem(err);
      setProblem(p);
      if (p.code === 'auth.tooManyAttempts' && typeof p.params.seconds === 'number') {
        const n = Date.now();
        setNow(n);
        setWaitUntil(n + p.params.seconds * 1000);
      }
      setSecret('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card sign-in lock-screen" onSubmit={(e) => void submit(e)} data-testid="lock-screen">
      <div className="lock-icon" aria-hidden="true" />
      <h1>{t('lock.title')}</h1>
      <div className="lock-who">
        <div className="lock-name" data-testid="lock-user">
          {session.staff.fullName}
        </div>
        <div className="muted small">{session.staff.roles.map((r) => t(`role.${r}`)).join(', ')}</div>
      </div>
      <p className="muted small">{t('lock.text')}</p>
      <TextField
        label={t('lock.secret')}
        type="password"
        value={secret}
        onChange={setSecret}
        testid="lock-secret"
        autoFocus
        autoComplete="current-password"
      />
      <ErrorBox problem={shown} testid="lock-error" />
      <button
        type="submit"
        className="btn btn--primary btn--block"
        disabled={busy || waiting || !secret}
        data-testid="lock-submit"
      >
        {busy ? t('common.working') : t('lock.submit')}
      </button>
      <button type="button" className="btn btn--ghost btn--block" onClick={onSwitchUser} data-testid="lock-switch-user">
        {t('lock.switchUser')}
      </button>
    </form>
  );
}
