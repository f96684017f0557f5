/**
 * Intake of an application for any service of the catalog (the preschool
 * queue first and by default): the screen picks the service, offers the
 * person's unfinished draft back, and shows one intake form (intake/) for the
 * service picked. The form is checked by the data layer on "Register"; the
 * form only gives early hints (the child's IIN decoded as it is typed, the
 * documents still missing: shared/intake's intakeHints and documentContext)
 * and shows every refusal next to its field.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  canonicalSettlement,
  defaultChannel,
  officeMay,
  keepsQueue,
  stepRole,
  type OfficeType,
  type ServiceEntry,
} from '../../../shared';
import { desk } from '../deskClient';
import { SelectField } from '../components/Field';
import { ErrorBox, Loading, Notice } from '../components/Notice';
import { bi } from '../format';
import { useLoad } from '../hooks';
import { NumbersLeft } from '../components/NumbersLeft';
import { useSession } from '../session';
import { DraftOffer } from './intake/DraftOffer';
import { IntakeForm } from './intake/IntakeForm';

/** Services this intake takes: the entries an office of this type takes in (the server refuses the rest), a queue first (the default). */
export function intakeServices(all: ServiceEntry[], officeType: OfficeType): ServiceEntry[] {
  const mine = all.filter((e) => officeMay(e, officeType, 'accept'));
  return [...mine.filter(keepsQueue), ...mine.filter((e) => !keepsQueue(e))];
}

export function Intake() {
  const { t } = useTranslation();
  const { lang, session } = useSession();
  // The service picked; until then the first this office takes in (a queue, see intakeServices).
  const [picked, setCode] = useState<string | null>(null);
  // The person's unfinished application, if any, is offered before anything is typed over it.
  const [answer, setAnswer] = useState<'pending' | 'restored' | 'discarded'>('pending');
  const ref = useLoad(async () => {
    const services = intakeServices(desk.catalog(), session.office.type);
    const draft = await desk.draft().catch(() => null);
    // A mobile centre at work in a settlement takes applications there unless the clerk says otherwise.
    const visit = session.office.type === 'mobileCentre' ? await desk.currentVisit() : null;
    const channel = defaultChannel(
      session.office.type,
      visit && canonicalSettlement(visit.settlement, session.office.settlements),
    );
    return { services, kindergartens: await desk.kindergartens(), draft, channel };
  }, []);
  if (ref.error) return <ErrorBox problem={ref.error} />;
  if (!ref.data) return <Loading />;
  const { draft, services } = ref.data;
  const code = picked ?? services[0]?.code ?? '';
  const draftState = !draft || answer === 'discarded' ? 'none' : answer === 'pending' ? 'offered' : 'restored';
  const restore = () => {
    if (draft && services.some((e) => e.code === draft.serviceCode)) setCode(draft.serviceCode);
    setAnswer('restored');
  };
  const discard = () => {
    // The desk runs draft calls in order: a later look for a draft does not find this one.
    void desk.discardDraft().catch(() => undefined);
    setAnswer('discarded');
  };
  const entry = services.find((e) => e.code === code);
  if (!entry) return <ErrorBox problem={{ code: 'catalog.unknownService', params: { code }, fields: [] }} />;
  // Reached by typing the address: only the accepting role registers (the data layer refuses anyone else too).
  const role = stepRole(entry, 'accept');
  if (!session.staff.roles.includes(role))
    return (
      <Notice kind="info" testid="intake-role-note">
        {t('intake.roleOnly', { role: t(`role.${role}`) })}
      </Notice>
    );
  const picker = (
    <div className="service-picker">
      <SelectField
        label={t('services.service')}
        value={code}
        onChange={setCode}
        testid="intake-service"
        options={services.map((e) => ({ value: e.code, label: bi(e.name, lang) }))}
      />
      <NumbersLeft journal={code} />
    </div>
  );
  // Keyed by service: another service starts a clean form (its documents and fields differ); so does an answer to the offer.
  return (
    <>
      <IntakeForm
        key={`${code}:${answer}`}
        entry={entry}
        picker={picker}
        kindergartens={ref.data.kindergartens.filter((k) => k.active !== false)}
        uiLang={lang}
        initial={draftState === 'restored' ? (draft ?? undefined) : undefined}
        draftState={draftState}
        channel={ref.data.channel}
      />
      <DraftOffer
        open={draftState === 'offered'}
        draft={draft}
        services={services}
        uiLang={lang}
        onRestore={restore}
        onDiscard={discard}
      />
    </>
  );
}
