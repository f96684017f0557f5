/**
 * Electron's security checklist, as code: the window options, the guards on
 * every web contents (navigation, new windows, <webview>), the session's
 * permission handlers, and the check that an IPC call comes from our page.
 * docs/desktop.md maps each checklist item to the line that meets it.
 */
import { HOST, SCHEME } from './constants';
import type {
  AppPort,
  BrowserWindowOptions,
  IpcMainInvokeEventPort,
  Log,
  SessionPort,
  WebContentsPort,
  WebPreferences,
} from './ports';

/** The preferences every window of ours gets; only `preload` differs. */
export function hardenedPreferences(preload?: string, devTools = false): WebPreferences {
  return {
    ...(preload ? { preload } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // Chromium's spellchecker downloads dictionaries from Google; the offices are offline and it knows no Kazakh.
    spellcheck: false,
    devTools,
    safeDialogs: true,
    enableWebSQL: false,
    // Chromium's PDF viewer (preview and printing) works without the plugins switch in current Electron.
    plugins: false,
  };
}

export function mainWindowOptions(preload: string, opts: { devTools: boolean; icon?: string }): BrowserWindowOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Akimat Desk',
    backgroundColor: '#eef1f5',
    autoHideMenuBar: true,
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: hardenedPreferences(preload, opts.devTools),
  };
}

/** A hidden window that only shows a PDF to the printer: no preload, no bridge. */
export function printWindowOptions(): BrowserWindowOptions {
  return { width: 800, height: 1100, show: false, webPreferences: hardenedPreferences() };
}

/** True for URLs of our own origin (app://akimat/...), whatever their path. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${SCHEME}:` && u.host === HOST && !u.username && !u.password && !u.port;
  } catch {
    return false;
  }
}

/**
 * Renderer-initiated navigation may only stay inside the app (hash routes do
 * not even fire it); new windows and <webview> are never allowed. Nothing is
 * handed to shell.openExternal: the app has no external links, and an
 * attacker-controlled URL there would run whatever the OS associates with it.
 */
export function hardenWebContents(contents: WebContentsPort, log?: Log): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log?.warn('navigation blocked', { url });
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.setWindowOpenHandler(({ url }) => {
    log?.warn('new window blocked', { url });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log?.warn('webview blocked');
  });
}

/** Applies the guards to every web contents the app ever creates, including ones we did not create directly. */
export function guardAllWebContents(app: Pick<AppPort, 'on'>, log?: Log): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
}

/**
 * Durable storage for our own page: without it Chromium may evict the office
 * database under storage pressure (navigator.storage.persist(), asked at
 * set-up and sign-in; renderer/services/storage.ts). Chromium names it
 * 'persistent-storage'.
 */
const PERSISTENT_STORAGE = 'persistent-storage';
const fromOurPage = (url: unknown) => typeof url === 'string' && isAppUrl(url);

/**
 * The app needs no camera, location, notifications, clipboard reads, USB or
 * HID: every request and check is refused, but durable storage for app://akimat.
 */
export function denyAllPermissions(session: SessionPort, log?: Log): void {
  session.setPermissionRequestHandler((wc, permission, callback, details) => {
    const url =
      (details as { requestingUrl?: unknown } | undefined)?.requestingUrl ??
      (wc as { getURL?: () => string } | undefined)?.getURL?.();
    if (permission === PERSISTENT_STORAGE && fromOurPage(url)) return callback(true);
    log?.warn('permission denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(
    (_wc, permission, requestingOrigin) => permission === PERSISTENT_STORAGE && fromOurPage(requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
}

/**
 * An IPC call is served only when it comes from the main frame of our own
 * window showing our own origin: not from an iframe (the PDF preview), not
 * from another window, not after a navigation elsewhere.
 */
export function isTrustedSender(
  event: IpcMainInvokeEventPort,
  isOurContents: (contents: WebContentsPort) => boolean,
): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!isOurContents(event.sender)) return false;
  return isAppUrl(frame.url);
}
