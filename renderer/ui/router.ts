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
  | { name: 'settings' };

export type RouteName = Route['name'];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'intake': return { name: 'intake' };
    case 'app': return parts[1] ? { name: 'application', id: parts[1] } : { name: 'desk' };
    case 'queue': return { name: 'queue' };
    case 'search': return { name: 'search' };
    case 'kindergartens': return { name: 'kindergartens' };
    case 'refusals': return { name: 'refusals' };
    case 'settings': return { name: 'settings' };
    default: return { name: 'desk' };
  }
}

export function hrefFor(route: Route): string {
  return route.name === 'application' ? `#/app/${encodeURIComponent(route.id)}` : `#/${route.name}`;
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
