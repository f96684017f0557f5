/**
 * Names and limits of the desktop shell that several modules must agree on.
 * Nothing here touches Electron, so the preload bundle may import it too.
 */

/** The renderer's one origin for the life of the install: IndexedDB is kept per origin. */
export const SCHEME = 'app';
export const HOST = 'akimat';
export const APP_ORIGIN = `${SCHEME}://${HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Must equal appId in electron-builder.yml: Windows groups the taskbar and the installer's registry keys by it. */
export const APP_ID = 'kz.akimat.desk';
export const PRODUCT_NAME = 'Akimat Desk';

/** Signed sync batch files carried on a USB stick (shared/sync/batchfile.ts); the installer associates it with the app. */
export const BATCH_EXTENSION = '.akimatbatch';

/**
 * Automatic backups of the office database live beside the browser profile,
 * not in it: `<appData>/Akimat Desk backups` (on Windows %APPDATA%, the same
 * disk). Chromium deletes an origin's whole storage when IndexedDB fails to
 * write (measured on a full disk), so a copy inside the profile would go with
 * it. Not Documents: OneDrive's folder backup uploads Documents by default.
 */
export const BACKUPS_FOLDER_NAME = `${PRODUCT_NAME} backups`;
export const BACKUP_EXTENSION = '.akimatbackup';

/** The PDFs handed to the printer are served from memory under this path of the app origin. */
export const PRINT_PATH_PREFIX = '/__print/';

export const LIMITS = {
  /** Official forms are a few hundred kilobytes; anything near this is not one of ours. */
  pdfBytes: 20 * 1024 * 1024,
  /** A batch file holds at most SYNC_LIMITS.importMaxOps ops; this is far above it and still safe to read whole. */
  batchFileBytes: 32 * 1024 * 1024,
  fileNameChars: 120,
  keyNameChars: 64,
  keyValueBytes: 64 * 1024,
  /** One automatic backup: the whole office database, gzip'd and encrypted (100,000 applications are far below it). */
  backupBytes: 1024 * 1024 * 1024,
  backupNameChars: 100,
} as const;

/**
 * Sent as a header with every app:// response but PDFs (see protocol.ts). It matches the meta tag the
 * Vite build adds (vite.config.ts), so both policies allow the same things;
 * the header also covers documents the meta tag cannot (e.g. an SVG opened
 * directly) and adds base-uri and form-action, which a meta tag may carry but
 * the build does not. connect-src allows http(s) because the district
 * server's address is set per install.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "frame-src 'self' blob:",
  "object-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data: http: https:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
