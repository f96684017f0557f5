/** Pieces the district tabs share: remote loads with sync errors, office names, links to local records. */
import { createContext, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application, Kindergarten, Lang, Office, Staff } from '../../../shared';
import { desk } from '../deskClient';
import { bi } from '../format';
import { useLoad, type Loaded } from '../hooks';
import { hrefFor } from '../router';
import { syncProblem } from '../sync/text';
import { subjectText } from '../components/Subject';

/** Like useLoad, but a failed district call keeps the server's own error code for the message. */
export function useRemote<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  return useLoad(
    () =>
      load().catch((e: unknown) => {
        throw syncProblem(e);
      }),
    deps,
  );
}

/** Offices of the district as the last sync brought them (the district computer has them all). */
export type DistrictRefs = {
  offices: Office[];
  officeName: (id: string | null | undefined) => string;
  staffName: (id: string) => string;
  kindergartenName: (id: string) => string;
};
export const DistrictRefsContext = createContext<DistrictRefs>({
  offices: [],
  officeName: (id) => id ?? '',
  staffName: (id) => id,
  kindergartenName: (id) => id,
});
export const useDistrictRefs = () => useContext(DistrictRefsContext);

export function makeRefs(offices: Office[], staff: Staff[], kgs: Kindergarten[], lang: Lang): DistrictRefs {
  const byId = new Map(offices.map((o) => [o.id, o]));
  const people = new Map(staff.map((s) => [s.id, s.fullName]));
  const gardens = new Map(kgs.map((k) => [k.id, `№${k.number} ${bi(k.name, lang)}`]));
  return {
    offices,
    officeName: (id) => {
      const office = id ? byId.get(id) : undefined;
      return office ? bi(office.name, lang) : (id ?? '');
    },
    staffName: (id) => people.get(id) ?? id,
    kindergartenName: (id) => gardens.get(id) ?? id,
  };
}

/** What a link to a local application shows. */
export type AppLite = Pick<Application, 'id' | 'journalNo' | 'child' | 'applicant'>;

/** The applications among `ids` this computer holds (pulled from the district), for links and names. */
export function useLocalApps(ids: string[]): Map<string, AppLite> {
  const key = [...new Set(ids)].sort().join(',');
  const [map, setMap] = useState<Map<string, AppLite>>(new Map());
  useEffect(() => {
    let live = true;
    const list = key ? key.split(',') : [];
    // Records are sealed at rest: read them through the desk, which opens them.
    Promise.all(list.map((id) => desk.get(id).catch(() => undefined))).then(
      (rows) => {
        const found = new Map<string, AppLite>();
        for (const r of rows)
          if (r) found.set(r.id, { id: r.id, journalNo: r.journalNo, child: r.child, applicant: r.applicant });
        if (live) setMap(found);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]);
  return map;
}

/** A record the district talks about: a link with its journal number when this computer has it. */
export function RecordRef({ entity, id, app, label }: { entity: string; id: string; app?: AppLite; label?: string }) {
  const { t } = useTranslation();
  if (entity === 'application' && app) {
    return (
      <a href={hrefFor({ name: 'application', id })} data-testid="record-link">
        {label ?? `${app.journalNo} — ${subjectText(app, t)}`}
      </a>
    );
  }
  return (
    <span title={id}>{label ?? `${t(`syncPage.entity.${entity}`, { defaultValue: entity })} ${id.slice(0, 8)}`}</span>
  );
}
