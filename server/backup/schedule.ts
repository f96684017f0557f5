/**
 * Backups while the server runs: every `everyHours` when a backup folder is
 * set (BACKUP_DIR), and on demand from the console. Each run makes a backup,
 * applies the retention and restore-checks the new backup. Never two at once:
 * a request while one runs gets that run's result. The timer does not keep
 * the process alive, and close() waits for a run in progress (the database
 * must not close under pg_dump or a snapshot).
 */
import { resolve } from 'node:path';
import type { BackupStatus } from '../../shared';
import type { Db } from '../db';
import { applyRetention, listBackups, makeBackup, type BackupManifest } from './backup';
import { RESTORE_CHECK_KEY, restoreCheck, type RestoreCheck } from './restoreCheck';

export type BackupConfig = {
  /** The backup folder; null: backups are off. */
  dir: string | null;
  everyHours: number;
  keep: number;
};

export const LAST_ERROR_KEY = 'backup.lastError';

/** BACKUP_DIR, BACKUP_EVERY_HOURS (24), BACKUP_KEEP (14), with options taking precedence. */
export function backupConfig(
  opts: { dir?: string | null; everyHours?: number; keep?: number } = {},
  env: NodeJS.ProcessEnv = process.env,
): BackupConfig {
  const dir = opts.dir !== undefined ? opts.dir : env.BACKUP_DIR || null;
  const everyHours = opts.everyHours ?? Number(env.BACKUP_EVERY_HOURS || 24);
  const keep = opts.keep ?? Number(env.BACKUP_KEEP || 14);
  if (!(everyHours > 0)) throw new Error('BACKUP_EVERY_HOURS must be a positive number of hours');
  if (!Number.isInteger(keep) || keep < 1) throw new Error('BACKUP_KEEP must be a whole number, at least 1');
  return { dir: dir ? resolve(dir) : null, everyHours, keep };
}

export type BackupRun = { backup: BackupManifest; removed: string[]; restoreCheck: RestoreCheck };

type Log = { info: (o: object, m: string) => void; error: (o: object, m: string) => void };

export class BackupService {
  private running: Promise<BackupRun> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Runs finished (made or failed), and who waits for a count of them (tests, the console's progress). */
  private finished = 0;
  private waiters: Array<{ n: number; resolve: () => void }> = [];

  constructor(
    private readonly db: Db,
    readonly config: BackupConfig,
    private readonly opts: { databaseUrl?: string; serverVersion: string; now: () => string; log: Log },
  ) {}

  get enabled(): boolean {
    return this.config.dir !== null;
  }

  /** Starts the schedule: the first run when the newest backup is `everyHours` old (at once if none). */
  start(): void {
    if (!this.config.dir || this.stopped) return;
    const newest = listBackups(this.config.dir)[0];
    const period = this.config.everyHours * 3600_000;
    const due = newest ? Date.parse(newest.at) + period - Date.parse(this.opts.now()) : 0;
    this.arm(Math.max(0, due));
  }

  private arm(ms: number) {
    if (this.stopped) return;
    // setTimeout's limit (~24.8 days): a longer period is waited for in steps.
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.run().then(
          () => this.arm(this.config.everyHours * 3600_000),
          () => this.arm(this.config.everyHours * 3600_000),
        );
      },
      Math.min(ms, 2 ** 31 - 1),
    );
    this.timer.unref();
  }

  /** A backup, the retention and a restore check now; joins the run in progress if there is one. */
  run(): Promise<BackupRun> {
    if (!this.config.dir) return Promise.reject(new Error('backups are not configured (BACKUP_DIR)'));
    this.running ??= this.runOnce(this.config.dir).finally(() => {
      this.running = null;
      this.finished++;
      for (const w of this.waiters.filter((x) => x.n <= this.finished)) w.resolve();
      this.waiters = this.waiters.filter((x) => x.n > this.finished);
    });
    return this.running;
  }

  private async runOnce(dir: string): Promise<BackupRun> {
    const { db, opts } = this;
    try {
      const backup = await makeBackup(
        db,
        { dir, databaseUrl: opts.databaseUrl, serverVersion: opts.serverVersion },
        opts.now(),
      );
      const removed = applyRetention(dir, this.config.keep);
      const check = await restoreCheck(dir, backup, { databaseUrl: opts.databaseUrl, now: opts.now });
      await putSetting(db, RESTORE_CHECK_KEY, check);
      await putSetting(db, LAST_ERROR_KEY, null);
      opts.log.info(
        {
          file: backup.file,
          bytes: backup.bytes,
          removed: removed.length,
          restoreCheck: check.ok,
          seconds: check.seconds,
        },
        check.ok ? 'backup made and restore-checked' : `backup made; its restore check failed: ${check.problem}`,
      );
      return { backup, removed, restoreCheck: check };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await putSetting(db, LAST_ERROR_KEY, { at: opts.now(), message }).catch(() => {});
      opts.log.error({ kind: 'backup' }, `backup failed: ${message}`);
      throw e;
    }
  }

  async status(): Promise<BackupStatus> {
    const { rows } = await this.db.query<{ key: string; value: unknown }>(
      `SELECT key, value FROM settings WHERE key IN ($1, $2)`,
      [RESTORE_CHECK_KEY, LAST_ERROR_KEY],
    );
    const get = (k: string) => rows.find((r) => r.key === k)?.value ?? null;
    const lastError = get(LAST_ERROR_KEY) as { message: string } | null;
    return {
      enabled: this.enabled,
      dir: this.config.dir,
      everyHours: this.enabled ? this.config.everyHours : null,
      keep: this.enabled ? this.config.keep : null,
      backups: this.config.dir
        ? listBackups(this.config.dir).map((m) => ({
            file: m.file,
            at: m.at,
            bytes: m.bytes,
            kind: m.kind,
            counts: m.counts,
          }))
        : [],
      lastError: lastError?.message ?? null,
      restoreCheck: (get(RESTORE_CHECK_KEY) as RestoreCheck | null) ?? null,
    };
  }

  /** Resolves once `n` runs have finished since the start (scheduled or asked for). */
  waitForRuns(n: number): Promise<void> {
    if (this.finished >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** Stops the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }
}

async function putSetting(db: Db, key: string, value: unknown): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}
