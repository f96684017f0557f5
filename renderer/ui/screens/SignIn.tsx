import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { desk, type Session } from '../deskClient';
import { ErrorBox } from '../components/Notice';
import { TextField } from '../components/Field';
import { useAction } from '../hooks';

export function SignIn({ initialLogin, onSignedIn }: { initialLogin?: string; onSignedIn: (s: Session) => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState(initialLogin ?? '');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const s = await run(() => desk.signIn(login.trim(), password));
    if (s) onSignedIn(s);
    else setPassword('');
  }

  return (
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
  );
}
