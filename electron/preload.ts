/**
 * Preload placeholder: exposes a tiny, read-only marker so the renderer can
 * tell it runs in the desktop shell. The real typed API (print, save, keys)
 * comes with the shell. Sandboxed preloads are CommonJS, so electron is
 * reached through `require` and typed locally: the package is optional.
 */
type ContextBridge = { exposeInMainWorld(key: string, api: unknown): void };

const electron = require('electron') as { contextBridge: ContextBridge };

electron.contextBridge.exposeInMainWorld('akimatShell', Object.freeze({ kind: 'electron', version: 1 }));

export {};
