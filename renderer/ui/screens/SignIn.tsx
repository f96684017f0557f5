import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { desk, type Session } from '../deskClient';
import { ErrorBox, Notice } from '../components/Notice';
import { TextField } from '../components/Field';
import { useAction } from '../hooks';

export function SignIn({ initialLogin, onSignedIn }: { initialLogin?: string; onSignedIn: (s: Session) => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState(initialLogin ?? '');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  // Signed in with a one-time password from the district: the person's own comes first.
  const [oneTime, setOneTime] = useState<{ session: Session; password: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const s = await run(() => desk.signIn(login.trim(), password));
    if (s?.mustChangePassword) setOneTime({ session: s, password });
    else if (s) onSignedIn(s);
    else setPassword('');
  }

  if (oneTime)
    return <ChangePassword name={oneTime.session.staff.fullName} current={oneTime.password} onChanged={onSignedIn} />;

  return (
    <>
      <QuickSwitch onSignedIn={onSignedIn} />
      <form className="card sign-in" onSubmit={(e) => void submit(e)} data-testid="sign-in-form">
        <h1>{t('signIn.title')}</h1>
        <TextField
          label={t('signIn.login')}
          value={login}
          onChange={setLogin}
          testid="signin-login"
          autoFocus={!initialLogin}
          autoComplete="username"
        />
        <TextField
          label={t('signIn.password')}
          type="password"
          value={password}
          onChange={setPassword}
          testid="signin-password"
          autoFocus={!!initialLogin}
          autoComplete="current-password"
        />
        <ErrorBox problem={error} testid="signin-error" />
        <button
          type="submit"
          className="btn btn--primary btn--block"
          disabled={busy || !login.trim() || !password}
          data-testid="signin-submit"
        >
          {busy ? t('common.working') : t('signIn.submit')}
        </button>
      </form>
    </>
  );
}

/**
 * A colleague takes the desk over in two clicks and a PIN (issue #16 item 2): their name, then
 * their PIN. Only people with a PIN on this laptop are listed; too many wrong PINs and the
 * password form below is the way in (pin.usePassword).
 */
function QuickSwitch({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<Array<{ id: string; fullName: string; waiting: number }>>([]);
  const [chosen, setChosen] = useState<{ id: string; fullName: string } | null>(null);
  const [pin, setPin] = useState('');
  const { busy, error, run } = useAction();

  useEffect(() => {
    let live = true;
    void desk.pinPeople().then((p) => {
      if (!live) return;
      setPeople(p);
      // Locked out of the PIN (too many wrong ones): back to the list, the password form below.
      setChosen((c) => (c && p.some((x) => x.id === c.id) ? c : null));
    });
    return () => {
      live = false;
    };
  }, [error]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    const s = await run(() => desk.signInWithPin(chosen.id, pin));
    setPin('');
    if (s?.mustChangePassword) setChosen(null);
    else if (s) onSignedIn(s);
  }

  if (!people.length && !error) return null;
  return (
    <section className="card quick-switch" data-testid="quick-switch" aria-label={t('signIn.quickSwitch')}>
      <h2>{t('signIn.quickSwitch')}</h2>
      {chosen ? (
        <form onSubmit={(e) => void submit(e)}>
          <TextField
            label={t('signIn.pinFor', { name: chosen.fullName })}
            type="password"
            value={pin}
            onChange={(v) => setPin(v.replace(/\D/g, ''))}
            inputMode="numeric"
            maxLength={8}
            testid="quick-pin"
            autoFocus
            autoComplete="off"
          />
          <div className="row">
            <button
              type="submit"
              className="btn btn--primary"
              disabled={busy || pin.length < 4}
              data-testid="quick-pin-submit"
            >
              {busy ? t('common.working') : t('signIn.pinSubmit')}
            </button>
            <button type="button" className="btn" onClick={() => setChosen(null)} data-testid="quick-pin-back">
              {t('signIn.pinBack')}
            </button>
          </div>
        </form>
      ) : (
        <div className="row">
          {people.map((p) => (
            <button
              key={p.id}
              type="button"
              className="btn"
              onClick={() => setChosen(p)}
              data-testid="quick-person"
              data-staff-id={p.id}
            >
              <span data-testid="quick-person-name">{p.fullName}</span>
              {/* What waits for each person, before they take the desk over (issue #16 item 2). */}
              {p.waiting > 0 && (
                <span
                  className="badge quick-waiting"
                  title={t('signIn.waiting', { count: p.waiting })}
                  data-testid="quick-waiting"
                >
                  {p.waiting}
                </span>
              )}
            </button>
          ))}
        </div>
      )}
      <ErrorBox problem={error} testid="quick-error" />
    </section>
  );
}

/**
 * The person's own password in place of the district's one-time password. `current` is the one
 * just typed at sign-in; without it (the session came back after a reload or an unlock) it is asked.
 */
export function ChangePassword({
  name,
  current: typed,
  onChanged,
}: {
  name: string;
  current?: string;
  onChanged: (s: Session) => void;
}) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState('');
  const current = typed ?? asked;
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, run } = useAction();
  const mismatch = repeat.length > 0 && next !== repeat;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (next !== repeat) return;
    const s = await run(() => desk.changePassword(current, next));
    if (s) onChanged(s);
  }

  return (
    <form className="card sign-in" onSubmit={(e) => void submit(e)} data-testid="change-password-form">
      <h1>{t('signIn.changeTitle')}</h1>
      <Notice>{t('signIn.changeText', { name })}</Notice>
      {typed === undefined && (
        <TextField
          label={t('signIn.currentPassword')}
          type="password"
          value={asked}
          onChange={setAsked}
          testid="change-password-current"
          autoFocus
          autoComplete="current-password"
        />
      )}
      <TextField
        label={t('signIn.newPassword')}
        type="password"
        value={next}
        onChange={setNext}
        testid="change-password-next"
        autoFocus={typed !== undefined}
        autoComplete="new-password"
      />
      <TextField
        label={t('signIn.repeatPassword')}
        type="password"
        value={repeat}
        onChange={setRepeat}
        testid="change-password-repeat"
        autoComplete="new-password"
        error={mismatch ? { field: 'repeat', code: 'backup.passwordMismatch' } : undefined}
      />
      <ErrorBox problem={error} testid="change-password-error" />
      <button
        type="submit"
        className="btn btn--primary btn--block"
        disabled={busy || !current || !next || next !== repeat}
        data-testid="change-password-submit"
      >
        {busy ? t('common.working') : t('signIn.changeSubmit')}
      </button>
    </form>
  );
}
