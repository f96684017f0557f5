import { useTranslation } from 'react-i18next';
import { ownOfficeName, type Lang } from '../../../shared';
import { LANGS, setLang } from '../../i18n';
import { desk, type Session } from '../deskClient';
import { bi } from '../format';
import { useOnline } from '../hooks';
import { SyncIndicator } from './SyncIndicator';

export function LangSwitch({ lang }: { lang: Lang }) {
  const { t } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('header.language')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          className={l === lang ? 'active' : ''}
          aria-pressed={l === lang}
          onClick={() => {
            void setLang(l);
            // Kept on the person's record too, so another laptop of the office opens in it.
            if (desk.session()) void desk.setOwnLang(l).catch(() => undefined);
          }}
          data-testid={`lang-${l}`}
          title={t(`lang.${l}`)}
        >
          {t(`lang.short.${l}`)}
        </button>
      ))}
    </div>
  );
}

export function OnlineIndicator() {
  const { t } = useTranslation();
  const online = useOnline();
  return (
    <span
      className={`online ${online ? 'online--on' : 'online--off'}`}
      data-testid="online-indicator"
      data-online={online ? 'true' : 'false'}
      title={online ? t('header.onlineHint') : t('header.offlineHint')}
    >
      <span className="dot" aria-hidden="true" />
      {online ? t('header.online') : t('header.offline')}
    </span>
  );
}

export function Header({ lang, session, onSignOut }: { lang: Lang; session?: Session | null; onSignOut?: () => void }) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <div className="brand-text">
          <div className="app-name">{t('brand.title')}</div>
          <div className="office-name" data-testid="header-office">
            {session ? bi(ownOfficeName(session.office), lang) : t('brand.subtitle')}
          </div>
        </div>
      </div>
      <div className="header-right">
        <OnlineIndicator />
        <SyncIndicator linked={!!session} />
        {session && (
          <div className="who" data-testid="header-user">
            <span className="who-name">{session.staff.fullName}</span>
            <span className="who-roles">{session.staff.roles.map((r) => t(`role.${r}`)).join(', ')}</span>
          </div>
        )}
        <LangSwitch lang={lang} />
        {session && onSignOut && (
          <button type="button" className="btn btn--ghost btn--small" onClick={onSignOut} data-testid="sign-out">
            {t('header.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
