import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { go, hrefFor, type Route, type RouteName } from '../router';
import { useSession } from '../session';
import { useSyncState } from '../sync/useSync';
import { canAccept } from '../roles';

type Item = { name: Exclude<RouteName, 'application'>; key: string };

const ITEMS: Item[] = [
  { name: 'desk', key: '1' },
  { name: 'intake', key: '2' },
  { name: 'queue', key: '3' },
  { name: 'search', key: '4' },
  { name: 'refusals', key: '5' },
  { name: 'kindergartens', key: '6' },
  { name: 'settings', key: '7' },
  { name: 'sync', key: '8' },
];
/** Registers kept beside applications; no Alt key (1-9 are taken). */
const RECORD_ITEMS: Item[] = [
  { name: 'complaints', key: '' },
  { name: 'techProtocol', key: '' },
  { name: 'reports', key: '' },
];
/** A mobile centre records its stays in settlements. */
const VISITS_ITEM: Item = { name: 'visits', key: '' };
/** Reconciliation for the whole district: only the district education office has it. */
const DISTRICT_ITEM: Item = { name: 'district', key: '9' };

/** Side navigation; Alt+1..9 jumps between screens without the mouse. */
export function Nav({ route }: { route: Route }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const sync = useSyncState();
  const isDistrict = session.office.type === 'districtEducation';
  // Only the role that registers applications gets the intake screen (and its Alt key).
  const accepts = canAccept(session.staff.roles);
  const items = useMemo(() => {
    const base = accepts ? ITEMS : ITEMS.filter((i) => i.name !== 'intake');
    const more = [...(session.office.type === 'mobileCentre' ? [VISITS_ITEM] : []), ...RECORD_ITEMS];
    return isDistrict ? [...base, ...more, DISTRICT_ITEM] : [...base, ...more];
  }, [isDistrict, accepts, session.office.type]);
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const item = items.find((i) => i.key && i.key === e.key);
      if (item) {
        e.preventDefault();
        go({ name: item.name });
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [items]);
  return (
    <nav className="side-nav" aria-label={t('nav.label')}>
      {items.map((i) => {
        const active = route.name === i.name || (route.name === 'application' && i.name === 'search');
        return (
          <a
            key={i.name}
            href={hrefFor({ name: i.name })}
            className={`nav-item${active ? ' active' : ''}${i.name === 'intake' ? ' nav-item--primary' : ''}`}
            aria-current={active ? 'page' : undefined}
            data-testid={`nav-${i.name}`}
            title={i.key ? `Alt+${i.key}` : undefined}
          >
            <span>
              {t(`nav.${i.name}`)}
              {i.name === 'sync' && sync.quarantined > 0 && (
                <span className="count count--err" aria-label={t('sync.quarantinedCount', { count: sync.quarantined })}>
                  {sync.quarantined}
                </span>
              )}
            </span>
            {i.key && <kbd>{i.key}</kbd>}
          </a>
        );
      })}
    </nav>
  );
}
