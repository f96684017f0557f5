/**
 * First run on a replacement laptop: the office's database comes back from a
 * backup file. Staff then sign in with their own passwords; the district must
 * enrol the laptop again before it syncs (the old laptop's credential stays
 * with the old laptop).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { desk } from '../deskClient';
import { useAction } from '../hooks';
import { tableDateTime } from '../format';
import { ErrorBox, Notice } from './Notice';
import { TextField } from './Field';

export type RestoreResult = { officeName: string; createdAt: string };

export function RestoreForm({ onRestored }: { onRestored: (r: RestoreResult) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file || !password) return;
    const r = await action.run(() => desk.restoreBackup(file, password));
    if (r) {
      setPassword('');
      onRestored(r);
    }
  }

  return (
    <form className="restore-form" onSubmit={(e) => void submit(e)} data-testid="restore-form">
      <div className="field">
        <span className="field-label">{t('restore.file')}</span>
        {/* The browser's own file button speaks the browser's language; this label speaks the desk's. */}
        <label className="file-pick">
          <input
            type="file"
            className="sr-only"
            accept=".akimatbackup,application/octet-stream"
            data-testid="restore-file"
            onChange={(e) => {
              action.setError(null);
              setFile(e.target.files?.[0] ?? null);
            }}
          />
          <span className="btn btn--small" aria-hidden="true">
            {t('restore.chooseFile')}
          </span>
          <span className={file ? 'file-name' : 'file-name muted'}>{file ? file.name : t('restore.noFile')}</span>
        </label>
      </div>
      <TextField
        label={t('restore.password')}
        type="password"
        value={password}
        onChange={setPassword}
        testid="restore-password"
        autoComplete="off"
      />
      <ErrorBox problem={action.error} testid="restore-error" />
      <button type="submit" className="btn" disabled={action.busy || !file || !password} data-testid="restore-submit">
        {action.busy ? t('common.working') : t('restore.submit')}
      </button>
    </form>
  );
}

/** After a restore the database is set up: nothing else on the first-run screen applies any more. */
export function RestoreDone({ result, onContinue }: { result: RestoreResult; onContinue: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="first-run card restore-done" data-testid="restore-done">
      <h1>{t('restore.doneTitle')}</h1>
      <Notice kind="ok">
        {t('restore.done', { office: result.officeName, date: tableDateTime(result.createdAt) })}
      </Notice>
      <Notice kind="warn" testid="restore-enrol-note">
        {t('restore.enrolAgain')}
      </Notice>
      <div className="actions">
        <button
          type="button"
          className="btn btn--primary"
          autoFocus
          onClick={onContinue}
          data-testid="restore-continue"
        >
          {t('setup.toSignIn')}
        </button>
      </div>
    </section>
  );
}
