/** The desk's data layer for the UI: one shared instance over the browser's IndexedDB. */
import { createDesk } from './desk';

export const desk = createDesk({ sessionStore: typeof sessionStorage === 'undefined' ? undefined : sessionStorage });
export { createDesk } from './desk';
export * from './api';
