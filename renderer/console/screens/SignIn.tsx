/** The console's one sign-in, and the password change a one-time password forces. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleSession } from '../../../shared';
import { consoleApi } from '../api';
import { ErrorNote, Input, Note, useAction } from '../ui';

export function SignInScreen({ onSignedIn }: { onSignedIn: (s: ConsoleSession) => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const s = await run(() => consoleApi.signIn(login.trim(), password));
    setPassword('');
    if (s) onSignedIn(s);
  }

  return (
    <form className="card sign-in" onSubmit={(e) => void submit(e)} data-testid="console-signin">
      <h1>{t('console.signIn.title')}</h1>
      <Input
        label={t('console.field.login')}
        value={login}
        onChange={setLogin}
        testid="console-login"
        autoComplete="username"
        autoFocus
      />
      <Input
        label={t('console.field.password')}
        type="password"
        value={password}
        onChange={setPassword}
        testid="console-password"
        autoComplete="current-password"
      />
      <ErrorNote error={error} testid="console-signin-error" />
      <button
        type="submit"
        className="btn btn--primary btn--block"
        disabled={busy || !login.trim() || !password}
        data-testid="console-signin-submit"
      >
        {busy ? t('common.working') : t('console.signIn.submit')}
      </button>
    </form>
  );
}

export function ChangePasswordScreen({ session, onChanged }: { session: ConsoleSession; onChanged: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const { busy, error, run } = useAction();
  const mismatch = again !== '' && next !== again;
  const short = next !== '' && next.length < 10;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mismatch || short) return;
    const ok = await run(() => consoleApi.changePassword(current, next));
    if (ok !== undefined) onChanged();
  }

  return (
    <form className="card sign-in" onSubmit={(e) => void submit(e)} data-testid="console-change-password">
      <h1>{t('console.password.title')}</h1>
      <Note kind="info">{t('console.password.text', { name: session.staff.fullName })}</Note>
      <Input
        label={t('console.password.current')}
        type="password"
        value={current}
        onChange={setCurrent}
        testid="password-current"
        autoComplete="current-password"
      />
      <Input
        label={t('console.password.next')}
        type="password"
        value={next}
        onChange={setNext}
        testid="password-next"
        autoComplete="new-password"
        hint={t('console.field.passwordHint')}
      />
      <Input
        label={t('console.field.passwordAgain')}
        type="password"
        value={again}
        onChange={setAgain}
        testid="password-again"
        autoComplete="new-password"
      />
      {mismatch && <Note kind="error">{t('console.password.mismatch')}</Note>}
      <ErrorNote error={error} testid="password-error" />
      <button
        type="submit"
        className="btn btn--primary btn--block"
        disabled={busy || !current || !next || mismatch || short}
        data-testid="password-submit"
      >
        {busy ? t('common.working') : t('console.password.submit')}
      </button>
    </form>
  );
}
