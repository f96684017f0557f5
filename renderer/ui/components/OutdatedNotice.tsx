/**
 * Shown instead of everything once a newer version of the app has the
 * database (desk.onOutdated): this window's code is older, writes nothing
 * more, and a reload loads the new version.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desk } from '../deskClient';

export function useOutdated(): boolean {
  const [outdated, setOutdated] = useState(false);
  useEffect(() => desk.onOutdated(() => setOutdated(true)), []);
  return outdated;
}

export function OutdatedNotice() {
  const { t } = useTranslation();
  return (
    <div className="app app--plain">
      <main className="plain-main">
        <div
          className="notice notice--warn"
          role="alertdialog"
          aria-labelledby="outdated-title"
          data-testid="outdated-notice"
        >
          <h2 id="outdated-title">{t('outdated.title')}</h2>
          <p>{t('outdated.text')}</p>
          <p className="muted small">{t('outdated.hint')}</p>
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => location.reload()}
            data-testid="outdated-reload"
            autoFocus
          >
            {t('outdated.reload')}
          </button>
        </div>
      </main>
    </div>
  );
}
