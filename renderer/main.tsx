import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n';
import './platform/install';
// Batch files opened with the app are taken from the start, before any screen asks for them.
import './ui/district/openedFiles';
import { App } from './ui/App';
import { registerServiceWorker } from './ui/serviceWorker';
import { referenceLoaded } from './ui/syncClient';
import { ensureAutoSync } from './ui/sync/auto';
import './ui/styles.css';

// The district's catalog and calendar (when this computer is enrolled) must be in force before any screen computes a deadline.
await Promise.all([i18nReady, referenceLoaded.catch((e: unknown) => console.error(e))]);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element to render the desk into');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

if (import.meta.env.PROD) registerServiceWorker();
void ensureAutoSync().catch((e: unknown) => console.error(e));
