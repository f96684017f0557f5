/**
 * The automatic backups this computer keeps of its office: read once when the
 * first run opens, so the start step can offer the restore before anything
 * else.
 */
import { useEffect, useState } from 'react';
import { desk, type AutoBackupInfo } from '../../deskClient';

export function useAutoBackups(): AutoBackupInfo[] {
  const [backups, setBackups] = useState<AutoBackupInfo[]>([]);
  useEffect(() => {
    // An answer after the first run closed is dropped; a failure just offers no backup.
    let live = true;
    desk.autoBackups().then(
      (list) => {
        if (live) setBackups(list);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return backups;
}
