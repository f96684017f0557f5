/**
 * The first step: the automatic backup of this computer's office, when the
 * database is empty or damaged and one exists; the language; then the ways to
 * begin: set up an own office, enrol with the district server (which brings
 * the office and its staff), or fill a demo office; and, below, a restore from
 * a backup file (a replacement laptop).
 */
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../../shared';
import { LANGS, setLang } from '../../../i18n';
import type { AutoBackupInfo, DemoProgress } from '../../deskClient';
import { ErrorBox } from '../../components/Notice';
import { AutoRestoreForm } from '../../components/AutoRestoreForm';
import { EnrolForm } from '../../components/EnrolForm';
import { RestoreForm, type RestoreResult } from '../../components/RestoreForm';
import { DemoProgressView } from './DemoProgressView';

type Props = {
  lang: Lang;
  damaged: boolean;
  autoBackups: AutoBackupInfo[];
  busy: boolean;
  /** The demo office being built: what it is doing and how far. */
  demoProgress: DemoProgress | null;
  onOwnOffice: () => void;
  onEnrolled: () => void;
  onDemo: () => void;
  onRestored: (r: RestoreResult) => void;
};

export function StartStep({
  lang,
  damaged,
  autoBackups,
  busy,
  demoProgress,
  onOwnOffice,
  onEnrolled,
  onDemo,
  onRestored,
}: Props) {
  const { t } = useTranslation();
  return (
    <div className="card">
      {damaged && !autoBackups.length && (
        <ErrorBox problem={{ code: 'storage.unreadable', params: {}, fields: [] }} testid="first-run-damaged" />
      )}
      {autoBackups.length > 0 && <AutoRestoreForm backups={autoBackups} damaged={damaged} onRestored={onRestored} />}
      <h2>{t('setup.chooseLanguage')}</h2>
      <div className="lang-choice" role="group" aria-label={t('header.language')}>
        {LANGS.map((l) => (
          <button
            key={l}
            type="button"
            className={`btn btn--big${l === lang ? ' btn--selected' : ''}`}
            aria-pressed={l === lang}
            onClick={() => void setLang(l)}
            data-testid={`setup-lang-${l}`}
          >
            {t(`lang.${l}`)}
          </button>
        ))}
      </div>
      {/* A database that does not open takes no new office: only a restore replaces it. */}
      {!damaged && (
        <div className="start-options start-options--3">
          <div className="option">
            <h3>{t('setup.ownOfficeTitle')}</h3>
            <p>{t('setup.ownOfficeText')}</p>
            <button type="button" className="btn btn--primary" onClick={onOwnOffice} data-testid="setup-start">
              {t('setup.ownOfficeButton')}
            </button>
          </div>
          <div className="option option--enrol" data-testid="enrol-option">
            <h3>{t('enrol.title')}</h3>
            <p>{t('enrol.text')}</p>
            <EnrolForm onEnrolled={onEnrolled} />
          </div>
          <div className="option option--demo">
            <h3>{t('setup.demoTitle')}</h3>
            <p>{t('setup.demoText')}</p>
            <button
              type="button"
              className="btn btn--accent btn--big"
              onClick={onDemo}
              disabled={busy}
              data-testid="demo-setup"
            >
              {busy ? t('common.working') : t('setup.demoButton')}
            </button>
            {busy && demoProgress && <DemoProgressView progress={demoProgress} />}
          </div>
        </div>
      )}
      {/* Rare (a replacement laptop), so it sits below the everyday choices. */}
      <div className="option option--restore" data-testid="restore-option">
        <div className="restore-intro">
          <h3>{t('restore.title')}</h3>
          <p>{t('restore.text')}</p>
        </div>
        <RestoreForm onRestored={onRestored} />
      </div>
    </div>
  );
}
