/**
 * The preload: exposes `window.akimatShell` (electron/channels.ts ShellApi)
 * through the context bridge, and nothing else. It runs sandboxed, where only
 * `require('electron')` and a few Node built-ins exist, so scripts/start.mjs
 * bundles it with ./bridge into one CommonJS file, dist-electron/preload.cjs.
 * The electron package is optional (absent on build machines), so it is
 * reached through `require` and typed by the members used.
 */
import { buildShellApi, type IpcRendererPort } from './bridge';

type ContextBridge = { exposeInMainWorld(key: string, api: unknown): void };

// A sandboxed preload is CommonJS and gets Electron only through require() (no ES import).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const electron = require('electron') as { contextBridge: ContextBridge; ipcRenderer: IpcRendererPort };

electron.contextBridge.exposeInMainWorld('akimatShell', buildShellApi(electron.ipcRenderer));
