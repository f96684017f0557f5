import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { go, hrefFor, type Route, type RouteName } from '../router';

const ITEMS: Array<{ name: Exclude<RouteName, 'application'>; key: string }> = [
  { name: 'desk', key: '1' },
  { name: 'intake', key: '2' },
  { name: 'queue', key: '3' },
  { name: 'search', key: '4' },
  { name: 'refusals', key: '5' },
  { name: 'kindergartens', key: '6' },
  { name: 'settings', key: '7' },
];

/** Side navigation; Alt+1..7 jumps between screens without the mouse. */
export function Nav({ route }: { route: Route }) {
  const { t } = useTranslation();
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const item = ITEMS.find((i) => i.key === e.key);
      if (item) {
        e.preventDefault();
        go({ name: item.name });
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);
  return (
    <nav className="side-nav" aria-label={t('nav.label')}>
      {ITEMS.map((i) => {
        const active = route.name === i.name || (route.name === 'application' && i.name === 'search');
        return (
          <a key={i.name} href={hrefFor({ name: i.name })} className={`nav-item${active ? ' active' : ''}${i.name === 'intake' ? ' nav-item--primary' : ''}`}
            aria-current={active ? 'page' : undefined} data-testid={`nav-${i.name}`} title={`Alt+${i.key}`}>
            <span>{t(`nav.${i.name}`)}</span>
            <kbd>{i.key}</kbd>
          </a>
        );
      })}
    </nav>
  );
}
