/** The console's screens as hash routes: the same page works whatever path the server serves it under. */
export const CONSOLE_SCREENS = [
  'offices',
  'staff',
  'kindergartens',
  'import',
  'devices',
  'codes',
  'queue',
  'reports',
  'reconciliation',
  'catalog',
  'audit',
  'backups',
] as const;
export type ConsoleScreen = (typeof CONSOLE_SCREENS)[number];

export function screenFromHash(hash: string): ConsoleScreen {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (CONSOLE_SCREENS as readonly string[]).includes(name) ? (name as ConsoleScreen) : 'offices';
}
