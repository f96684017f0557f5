/**
 * The disk under the office database, for everyone at the desk: little
 * space left (a warning well before it runs out), or none (writes are
 * refused, what is saved stays readable). And, for the head only, a browser
 * that refused to keep the database for good (web mode: it may delete it
 * when the disk fills). The data layer measures at every call and reports
 * changes; this also asks every half minute, since a disk fills while nobody
 * clicks.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { desk, type Session, type StorageStatus } from '../deskClient';
import { Notice } from './Notice';

const POLL_MS = 30_000;

export function freeSpaceText(t: TFunction, bytes: number | undefined): string {
  const mb = (bytes ?? 0) / (1024 * 1024);
  return mb >= 1024 ? t('storage.gb', { n: (mb / 1024).toFixed(1) }) : t('storage.mb', { n: Math.floor(mb) });
}

export function StorageNotice({ session }: { session?: Session | null }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<StorageStatus | null>(null);

  useEffect(() => {
    let live = true;
    const show = (s: StorageStatus) => {
      if (live) setStatus(s);
    };
    const off = desk.onStorageChange(show);
    const ask = () => void desk.storageStatus().then(show, () => undefined);
    ask();
    const timer = setInterval(ask, POLL_MS);
    return () => {
      live = false;
      off();
      clearInterval(timer);
    };
  }, []);

  if (!status) return null;
  const head = !!session?.staff.roles.includes('head');
  // In the desktop app the disk itself is watched and backups live outside the browser: a refusal there changes nothing for the office.
  const notPersisted = head && status.persisted === false && status.source !== 'disk';
  if (status.level === 'ok' && !notPersisted) return null;
  return (
    <div className="storage-notices" data-testid="storage-notices" data-level={status.level}>
      {status.level === 'full' && (
        <Notice kind="error" testid="storage-full">
          {t(status.lost ? 'storage.lost' : 'storage.full')}
        </Notice>
      )}
      {status.level === 'low' && (
        <Notice kind="warn" testid="storage-low">
          {t('storage.low', { free: freeSpaceText(t, status.freeBytes) })}
        </Notice>
      )}
      {notPersisted && (
        <Notice kind="warn" testid="storage-not-persisted">
          {t('storage.notPersisted')}
        </Notice>
      )}
    </div>
  );
}
