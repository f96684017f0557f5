/**
 * Hash routes: they work the same over http://127.0.0.1 and app://, and a
 * reload from the offline cache always finds index.html.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'desk' }
  | { name: 'intake' }
  | { name: 'application'; id: string }
  | { name: 'queue' }
  | { name: 'search' }
  | { name: 'kindergartens' }
  | { name: 'refusals' }
  | { name: 'complaints' }
  | { name: 'visits' }
  | { name: 'techProtocol' }
  | { name: 'settings' }
  | { name: 'sync' }
  | { name: 'reports' }
  | { name: 'district'; tab?: DistrictTab };

/** The district's reconciliation screens (shown to the district education office only). */
export const DISTRICT_TABS = [
  'queue',
  'conflicts',
  'duplicates',
  'backlog',
  'quarantine',
  'devices',
  'codes',
  'import',
  'catalog',
] as const;
export type DistrictTab = (typeof DISTRICT_TABS)[number];
const isDistrictTab = (x: string | undefined): x is DistrictTab =>
  !!x && (DISTRICT_TABS as readonly string[]).includes(x);

export type RouteName = Route['name'];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'intake':
      return { name: 'intake' };
    case 'app':
      return parts[1] ? { name: 'application', id: parts[1] } : { name: 'desk' };
    case 'queue':
      return { name: 'queue' };
    case 'search':
      return { name: 'search' };
    case 'kindergartens':
      return { name: 'kindergartens' };
    case 'refusals':
      return { name: 'refusals' };
    case 'complaints':
      return { name: 'complaints' };
    case 'visits':
      return { name: 'visits' };
    case 'techProtocol':
      return { name: 'techProtocol' };
    case 'settings':
      return { name: 'settings' };
    case 'sync':
      return { name: 'sync' };
    case 'reports':
      return { name: 'reports' };
    case 'district':
      return isDistrictTab(parts[1]) ? { name: 'district', tab: parts[1] } : { name: 'district' };
    default:
      return { name: 'desk' };
  }
}

export function hrefFor(route: Route): string {
  if (route.name === 'application') return `#/app/${encodeURIComponent(route.id)}`;
  if (route.name === 'district' && route.tab) return `#/district/${route.tab}`;
  return `#/${route.name}`;
}

export function go(route: Route): void {
  const h = hrefFor(route);
  if (location.hash !== h) location.hash = h;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
