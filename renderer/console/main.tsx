/**
 * The district console's entry (console.html): the same i18n, styles and
 * print pipeline as the desk, none of its local database or service worker;
 * everything lives on the district server that serves this page.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import i18n, { i18nReady } from '../i18n';
import { App } from './App';
import '../ui/styles.css';
import './console.css';

await i18nReady;
// i18n names the window after the desk; the console has its own name.
const title = () => {
  document.title = i18n.t('ui:console.title');
};
title();
i18n.on('languageChanged', title);
const root = document.getElementById('root');
if (!root) throw new Error('console.html has no #root element to render the console into');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
