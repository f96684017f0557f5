/** The demo office is ready: its accounts and passwords to sign in with. */
import { useTranslation } from 'react-i18next';
import type { DemoProgress } from '../../deskClient';
import { DemoProgressView } from './DemoProgressView';
import type { DemoLogin } from './useSetup';

type Props = { logins: DemoLogin[]; progress: DemoProgress | null; onContinue: () => void };

export function DemoDone({ logins, progress, onContinue }: Props) {
  const { t } = useTranslation();
  return (
    <section className="first-run card" data-testid="demo-done">
      <h1>{t('setup.demoReadyTitle')}</h1>
      {/* The bar ends full where it was watched: what was built, counted. */}
      {progress && <DemoProgressView progress={progress} />}
      <p>{t('setup.demoReadyText')}</p>
      <table className="table table--compact" data-testid="demo-logins">
        <thead>
          <tr>
            <th>{t('signIn.login')}</th>
            <th>{t('signIn.password')}</th>
            <th>{t('staff.roles')}</th>
          </tr>
        </thead>
        <tbody>
          {logins.map((d) => (
            <tr key={d.login} data-testid="demo-login-row">
              <td>
                <code data-testid="demo-login">{d.login}</code>
              </td>
              <td>
                <code data-testid="demo-password">{d.password}</code>
              </td>
              <td>{d.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="btn btn--primary" autoFocus onClick={onContinue} data-testid="demo-continue">
          {t('setup.toSignIn')}
        </button>
      </div>
    </section>
  );
}
