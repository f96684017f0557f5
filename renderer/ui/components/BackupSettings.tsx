/**
 * Backup of the whole office database to one encrypted file (for a USB stick
 * kept away from the laptop). The password is asked twice: a typo would make
 * the only copy unreadable, and nobody can recover it.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { desk } from '../deskClient';
import { platform } from '../../platform';
import { tableDateTime } from '../format';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';
import { ErrorBox, Notice } from './Notice';
import { TextField } from './Field';

const MIN_PASSWORD = 8;

/** Hands the file to the browser's (or the shell's) save flow. */
function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can abort the download in Chromium.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function BackupSettings() {
  const { t } = useTranslation();
  const { session } = useSession();
  // When the last backup was made on this computer (exportBackup notes it).
  const last = useLoad(() => desk.lastBackupAt(), []);
  const auto = useLoad(() => desk.autoBackups(), []);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();

  async function create(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    if (password.length < MIN_PASSWORD) {
      action.setError({
        code: 'validation',
        params: {},
        fields: [{ field: 'backupPassword', code: 'password.tooShort' }],
      });
      return;
    }
    if (password !== confirm) {
      action.setError({
        code: 'validation',
        params: {},
        fields: [{ field: 'backupConfirm', code: 'backup.passwordMismatch' }],
      });
      return;
    }
    const file = await action.run(() => desk.exportBackup(password));
    if (!file) return;
    downloadBlob(file.blob, file.name);
    setPassword('');
    setConfirm('');
    setDone(file.name);
    last.reload();
  }

  return (
    <section className="panel" data-testid="backup-section">
      <h2>{t('backup.title')}</h2>
      <p className="muted small">{t('backup.text')}</p>
      <p data-testid="backup-last">
        <span className="muted">{t('backup.last')}:</span>{' '}
        <b>{last.data ? tableDateTime(last.data, session.office) : last.loading ? '…' : t('backup.never')}</b>
      </p>
      <p data-testid="backup-auto-last">
        <span className="muted">{t('storage.autoLast')}:</span>{' '}
        <b>
          {auto.data?.[0]
            ? tableDateTime(auto.data[0].createdAt, session.office)
            : auto.loading
              ? '…'
              : t('storage.autoNone')}
        </b>
      </p>
      <p className="muted small" data-testid="backup-auto-where">
        {t(platform.backupFiles.kind === 'folder' ? 'storage.autoFolder' : 'storage.autoBrowser')}
      </p>
      <form className="subform backup-form" onSubmit={(e) => void create(e)}>
        <TextField
          label={t('backup.password')}
          type="password"
          value={password}
          onChange={setPassword}
          testid="backup-password"
          autoComplete="new-password"
          hint={t('backup.passwordHint', { min: MIN_PASSWORD })}
        />
        <TextField
          label={t('backup.confirm')}
          type="password"
          value={confirm}
          onChange={setConfirm}
          testid="backup-confirm"
          autoComplete="new-password"
        />
        <ErrorBox problem={action.error} testid="backup-error" />
        {done && (
          <Notice kind="ok" testid="backup-done">
            {t('backup.done', { name: done })}
          </Notice>
        )}
        <button
          type="submit"
          className="btn btn--primary"
          disabled={action.busy || !password || !confirm}
          data-testid="backup-create"
        >
          {action.busy ? t('common.working') : t('backup.create')}
        </button>
      </form>
    </section>
  );
}
