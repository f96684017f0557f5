/** Kazakh or Russian, remembered on this browser as the desk remembers it. */
import { useTranslation } from 'react-i18next';
import { LANGS, setLang } from '../i18n';

export function LangSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="seg lang-switch" role="group" aria-label={t('header.language')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          className={`btn btn--small${i18n.language === l ? ' btn--selected' : ''}`}
          aria-pressed={i18n.language === l}
          onClick={() => void setLang(l)}
          data-testid={`console-lang-${l}`}
        >
          {t(`lang.short.${l}`)}
        </button>
      ))}
    </div>
  );
}
