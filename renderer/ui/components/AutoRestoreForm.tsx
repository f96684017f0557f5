/**
 * Offered first on the first-run screen when the office database is empty
 * or does not open but an automatic backup of it is on this computer (the
 * browser deleted the database, the disk failed): any staff member's
 * password brings it back, the newest backup chosen unless someone picks an
 * older one (a backup made before an upgrade, say).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { desk, type AutoBackupInfo } from '../deskClient';
import { useAction } from '../hooks';
import { tableDateTime } from '../format';
import { ErrorBox } from './Notice';
import { TextField } from './Field';
import type { RestoreResult } from './RestoreForm';

export function AutoRestoreForm({
  backups,
  damaged,
  onRestored,
}: {
  backups: AutoBackupInfo[];
  damaged: boolean;
  onRestored: (r: RestoreResult) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(backups[0]?.name ?? '');
  const [password, setPassword] = useState('');
  const action = useAction();
  const label = (b: AutoBackupInfo) =>
    t('autoRestore.option', { date: tableDateTime(b.createdAt), kind: t(`autoRestore.kind.${b.kind}`) });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name || !password) return;
    const r = await action.run(() => desk.restoreAutoBackup(name, password));
    if (r) {
      setPassword('');
      onRestored(r);
    }
  }

  return (
    <form className="option option--auto-restore" onSubmit={(e) => void submit(e)} data-testid="auto-restore">
      <h3>{t('autoRestore.title')}</h3>
      <p>{t(damaged ? 'autoRestore.textDamaged' : 'autoRestore.textEmpty')}</p>
      {backups.length > 1 ? (
        <label className="field">
          <span className="field-label">{t('autoRestore.backup')}</span>
          <select
            value={name}
            onChange={(e) => {
              action.setError(null);
              setName(e.target.value);
            }}
            data-testid="auto-restore-backup"
          >
            {backups.map((b) => (
              <option key={b.name} value={b.name}>
                {label(b)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p data-testid="auto-restore-backup-only">
          <b>{label(backups[0])}</b>
        </p>
      )}
      <TextField
        label={t('autoRestore.password')}
        type="password"
        value={password}
        onChange={setPassword}
        testid="auto-restore-password"
        autoComplete="off"
      />
      <ErrorBox problem={action.error} testid="auto-restore-error" />
      <button
        type="submit"
        className="btn btn--primary"
        disabled={action.busy || !password}
        data-testid="auto-restore-submit"
      >
        {action.busy
          ? t('common.working')
          : t('autoRestore.offer', {
              date: tableDateTime(backups.find((b) => b.name === name)?.createdAt ?? backups[0].createdAt),
            })}
      </button>
    </form>
  );
}
