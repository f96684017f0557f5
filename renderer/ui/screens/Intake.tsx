/**
 * Intake of an application for any service of the catalog (the preschool
 * queue first and by default). Preschool-only parts (kindergartens,
 * workplaces) show for the queue only; another service shows its own
 * application fields and status categories. A service about the applicant
 * (teacher attestation...) asks for no child: the applicant applies for
 * themself, or a proxy names whom they represent. The form is checked by the data layer on "Register"; here we
 * only give early hints (the child's IIN decoded as it is typed, the
 * documents still missing) and show every refusal next to its field.
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ageGroupFor, ageInYears, officeMayAccept, applicantKindsFor, cleanIin, isDocumentRequired, isFormId, missingDocuments, parseIin, stepRole, subjectOf,
  type AcceptRefusal, type Application, type DocumentSpec, type FieldError, type IntakeInput, type Kindergarten, type Lang, type OfficeType, type ServiceEntry,
} from '../../../shared';
import { LANGS } from '../../i18n';
import { desk, type IntakeDraft } from '../deskClient';
import { byField, errorText, toProblem, type Problem } from '../errors';
import { Field, SelectField, TextField } from '../components/Field';
import { Dialog } from '../components/Dialog';
import { ErrorBox, Loading, Notice } from '../components/Notice';
import { StatusBadge } from '../components/Badges';
import { SubjectName } from '../components/Subject';
import { PrintPanel } from '../print/PrintPanel';
import { bi, durationLabel, nowIso, personName, tableDate, tableDateTime, todayLocal } from '../format';
import { useDraftSaver } from '../drafts';
import { useLoad } from '../hooks';
import { go } from '../router';
import { useSession } from '../session';

const SERVICE = 'preschool-queue';

/** Services this intake takes: the entries an office of this type takes in (the server refuses the rest), the queue first. */
export function intakeServices(all: ServiceEntry[], officeType: OfficeType): ServiceEntry[] {
  const mine = all.filter((e) => officeMayAccept(e, officeType));
  return [...mine.filter((e) => e.code === SERVICE), ...mine.filter((e) => e.code !== SERVICE)];
}

type ApplicantKind = IntakeInput['applicant']['kind'];
type FormState = {
  lang: Lang;
  applicant: {
    kind: ApplicantKind; iin: string; lastName: string; firstName: string; middleName: string; phone: string; address: string; poaNumber: string; poaDate: string; poaNotary: string;
    /** Whom a proxy represents (services about the applicant). */
    prIin: string; prLastName: string; prFirstName: string; prMiddleName: string;
  };
  child: { iin: string; lastName: string; firstName: string; middleName: string };
  priority: string;
  priorityDoc: string;
  kindergartenIds: string[];
  mother: string;
  father: string;
  consent: boolean;
  documents: string[];
  fields: Record<string, string>;
  statusCategory: string;
  statusDocument: string;
  notInRegistry: string[];
};

const emptyForm = (lang: Lang, entry: ServiceEntry): FormState => ({
  lang,
  applicant: {
    kind: applicantKindsFor(entry)[0], iin: '', lastName: '', firstName: '', middleName: '', phone: '', address: '', poaNumber: '', poaDate: '', poaNotary: '',
    prIin: '', prLastName: '', prFirstName: '', prMiddleName: '',
  },
  child: { iin: '', lastName: '', firstName: '', middleName: '' },
  priority: '',
  priorityDoc: '',
  kindergartenIds: [],
  mother: '',
  father: '',
  consent: false,
  documents: [],
  fields: {},
  statusCategory: '',
  statusDocument: '',
  notInRegistry: [],
});

/** A draft's form over an empty one: a field the saving version did not have keeps its default. */
function fromDraft(empty: FormState, saved: unknown): FormState {
  if (!saved || typeof saved !== 'object') return empty;
  const d = saved as Partial<FormState>;
  return { ...empty, ...d, applicant: { ...empty.applicant, ...d.applicant }, child: { ...empty.child, ...d.child }, fields: { ...empty.fields, ...d.fields } };
}

/** Nothing typed yet (the paper language aside): no draft is kept of such a form. */
const isEmptyForm = (f: FormState, entry: ServiceEntry) => JSON.stringify({ ...f, lang: '' }) === JSON.stringify({ ...emptyForm(f.lang, entry), lang: '' });

/** Who a draft is about, for the offer to take it up again. */
function draftPeople(d: IntakeDraft): string {
  const f = (d.form ?? {}) as Partial<FormState>;
  return [f.child, f.applicant].map((p) => (p ? personName({ lastName: p.lastName ?? '', firstName: p.firstName ?? '', middleName: p.middleName || undefined }).trim() : ''))
    .filter(Boolean).join('; ');
}

function toInput(f: FormState, entry: ServiceEntry): IntakeInput {
  const a = f.applicant;
  const preschool = entry.code === SERVICE;
  const aboutChild = entry.subject === 'child';
  return {
    serviceCode: entry.code,
    lang: f.lang,
    applicant: {
      kind: a.kind, iin: a.iin, lastName: a.lastName, firstName: a.firstName, middleName: a.middleName || undefined,
      phone: a.phone, address: a.address,
      ...(a.kind === 'proxy' ? { powerOfAttorney: { number: a.poaNumber, date: a.poaDate, notary: a.poaNotary } } : {}),
      ...(a.kind === 'proxy' && !aboutChild ? { principal: { iin: a.prIin, lastName: a.prLastName, firstName: a.prFirstName, middleName: a.prMiddleName || undefined } } : {}),
    },
    ...(aboutChild ? { child: { iin: f.child.iin, lastName: f.child.lastName, firstName: f.child.firstName, middleName: f.child.middleName || undefined } } : {}),
    priority: f.priority || null,
    ...(f.priority && f.priorityDoc.trim() ? { priorityDoc: f.priorityDoc } : {}),
    kindergartenIds: preschool ? f.kindergartenIds : [],
    workplaces: preschool ? { mother: f.mother || undefined, father: f.father || undefined } : {},
    consent: f.consent,
    documents: f.documents,
    ...(preschool ? {} : {
      fields: f.fields,
      statusCategory: f.statusCategory || null,
      ...(f.statusCategory && f.statusDocument.trim() ? { statusDocument: f.statusDocument } : {}),
      notInRegistry: f.notInRegistry,
    }),
  };
}

/** The IIN open applications are looked up by (the subject's), once it is a valid one. */
function subjectIin(input: IntakeInput): string | null {
  const iin = cleanIin(subjectOf(input).iin);
  return parseIin(iin).ok ? iin : null;
}

/** Which label names a field in the error summary. */
const FIELD_LABEL: Record<string, string> = {
  'applicant.iin': 'intake.applicantIin',
  'applicant.lastName': 'person.lastName',
  'applicant.firstName': 'person.firstName',
  'applicant.middleName': 'person.middleName',
  'applicant.phone': 'intake.phone',
  'applicant.address': 'intake.address',
  'applicant.powerOfAttorney.number': 'intake.poaNumber',
  'applicant.powerOfAttorney.date': 'intake.poaDate',
  'applicant.powerOfAttorney.notary': 'intake.poaNotary',
  'applicant.kind': 'intake.applicantKind',
  'applicant.principal.iin': 'intake.principalIin',
  'applicant.principal.lastName': 'person.lastName',
  'applicant.principal.firstName': 'person.firstName',
  'child': 'intake.childSection',
  'child.iin': 'intake.childIin',
  'child.birthDate': 'app.birthDate',
  'child.lastName': 'person.lastName',
  'child.firstName': 'person.firstName',
  'priority': 'intake.priority',
  'priorityDoc': 'intake.priorityDoc',
  'kindergartenIds': 'intake.kindergartens',
  'consent': 'intake.consent',
  'documents': 'intake.documents',
  'statusCategory': 'services.statusCategory',
};
const SECTION_OF = (field: string) => (field.startsWith('applicant.principal.') ? 'intake.principalSection'
  : field.startsWith('applicant.') ? 'intake.applicantSection' : field.startsWith('child.') ? 'intake.childSection' : null);

export function Intake() {
  const { t } = useTranslation();
  const { lang, session } = useSession();
  const [code, setCode] = useState(SERVICE);
  // The person's unfinished application, if any, is offered before anything is typed over it.
  const [answer, setAnswer] = useState<'pending' | 'restored' | 'discarded'>('pending');
  const ref = useLoad(async () => {
    const services = intakeServices(desk.catalog(), session.office.type);
    const draft = await desk.draft().catch(() => null);
    return { services, kindergartens: await desk.kindergartens(), draft };
  }, []);
  if (ref.error) return <ErrorBox problem={ref.error} />;
  if (!ref.data) return <Loading />;
  const { draft, services } = ref.data;
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
  if (!session.staff.roles.includes(role)) return <Notice kind="info" testid="intake-role-note">{t('intake.roleOnly', { role: t(`role.${role}`) })}</Notice>;
  const picker = (
    <div className="service-picker">
      <SelectField label={t('services.service')} value={code} onChange={setCode} testid="intake-service"
        options={ref.data.services.map((e) => ({ value: e.code, label: bi(e.name, lang) }))} />
    </div>
  );
  // Keyed by service: another service starts a clean form (its documents and fields differ); so does an answer to the offer.
  return (
    <>
      <IntakeForm key={`${code}:${answer}`} entry={entry} picker={picker} kindergartens={ref.data.kindergartens.filter((k) => k.active !== false)} uiLang={lang}
        initial={draftState === 'restored' ? draft ?? undefined : undefined} draftState={draftState} />
      <Dialog open={draftState === 'offered'} title={t('draft.offerTitle')} onClose={restore} testid="draft-offer"
        footer={(
          <>
            <button type="button" className="btn" onClick={discard} data-testid="draft-discard">{t('draft.discard')}</button>
            <button type="button" className="btn btn--primary" onClick={restore} data-testid="draft-restore">{t('draft.restore')}</button>
          </>
        )}>
        {draft && (
          <>
            <p>{t('draft.offerText')}</p>
            <p>
              <span className="muted">{t('draft.savedAt')}:</span> <b data-testid="draft-saved-at">{tableDateTime(draft.savedAt, session.office)}</b>
              {draft.serviceCode !== SERVICE && <> · {bi(services.find((e) => e.code === draft.serviceCode)?.name, lang) || draft.serviceCode}</>}
            </p>
            {draftPeople(draft) && <p data-testid="draft-who">{draftPeople(draft)}</p>}
          </>
        )}
      </Dialog>
    </>
  );
}

function IntakeForm({ entry, kindergartens, uiLang, picker, initial, draftState }: {
  entry: ServiceEntry; kindergartens: Kindergarten[]; uiLang: Lang; picker?: ReactNode;
  /** A draft taken up again; `draftState` says whether one was offered (nothing is saved until it is answered). */
  initial?: IntakeDraft; draftState: 'none' | 'offered' | 'restored';
}) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [form, setForm] = useState<FormState>(() => (initial ? fromDraft(emptyForm(uiLang, entry), initial.form) : emptyForm(uiLang, entry)));
  const [startedAt, setStartedAt] = useState(() => initial?.startedAt ?? nowIso());
  const draft = useDraftSaver({ serviceCode: entry.code, form, startedAt, empty: isEmptyForm(form, entry) }, draftState !== 'offered');
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<Application[] | null>(null);
  const [dupAck, setDupAck] = useState(false);
  const [refusal, setRefusal] = useState<AcceptRefusal | null>(null);
  const [kgPick, setKgPick] = useState('');
  const topRef = useRef<HTMLDivElement>(null);

  const today = todayLocal(session.office);
  const aboutChild = entry.subject === 'child';
  const childIin = parseIin(form.child.iin);
  const applicantIin = parseIin(form.applicant.iin);
  const principalIin = parseIin(form.applicant.prIin);
  const childBirth = aboutChild && childIin.ok ? childIin.birthDate : undefined;
  const preschool = entry.code === SERVICE;
  const principalAsked = !aboutChild && form.applicant.kind === 'proxy';
  const docCtx = {
    hasPriority: !!form.priority, isProxy: form.applicant.kind === 'proxy', childBirthDate: childBirth,
    category: (preschool ? form.priority : form.statusCategory) || undefined,
    ...(preschool ? {} : { notInRegistry: form.notInRegistry }),
  };
  const registryKey = form.notInRegistry.join(',');
  const missing = useMemo(() => missingDocuments(entry, form.documents, docCtx), [entry, form.documents, docCtx.hasPriority, docCtx.isProxy, docCtx.childBirthDate, docCtx.category, registryKey]);
  const statusCat = entry.statusCategories?.find((c) => c.code === form.statusCategory);
  const category = entry.priorityCategories.find((c) => c.code === form.priority);

  // Early hints shown before "Register": the same rules the data layer applies.
  const live: FieldError[] = [];
  const iinHint = (field: string, raw: string, r: ReturnType<typeof parseIin>) => {
    const digits = cleanIin(raw);
    if (!r.ok && (digits.length >= 12 || (touched[field] && digits.length > 0))) live.push({ field, code: r.reason });
  };
  iinHint('applicant.iin', form.applicant.iin, applicantIin);
  if (aboutChild) iinHint('child.iin', form.child.iin, childIin);
  if (principalAsked) {
    iinHint('applicant.principal.iin', form.applicant.prIin, principalIin);
    if (principalIin.ok && applicantIin.ok && cleanIin(form.applicant.prIin) === cleanIin(form.applicant.iin)) live.push({ field: 'applicant.principal.iin', code: 'applicant.principalSame' });
  }
  if (aboutChild && childIin.ok) {
    if (childIin.birthDate > today) live.push({ field: 'child.iin', code: 'child.birthDateFuture' });
    else if (entry.childAgeLimitYears !== undefined && ageInYears(childIin.birthDate, today) >= entry.childAgeLimitYears) {
      live.push({ field: 'child.iin', code: 'child.overAge', params: { limit: entry.childAgeLimitYears } });
    }
    if (applicantIin.ok && cleanIin(form.applicant.iin) === cleanIin(form.child.iin)) live.push({ field: 'child.iin', code: 'child.sameAsApplicant' });
  }
  const server = byField(serverErrors);
  const liveBy = byField(live);
  const err = (field: string): FieldError | undefined => server[field] ?? liveBy[field];

  const update = (fields: string[], fn: (f: FormState) => FormState) => {
    setForm(fn);
    if (serverErrors.some((e) => fields.includes(e.field))) setServerErrors((list) => list.filter((e) => !fields.includes(e.field)));
  };
  const setA = (k: keyof FormState['applicant'], field: string) => (v: string) => update([field], (f) => ({ ...f, applicant: { ...f.applicant, [k]: v } }));
  const setC = (k: keyof FormState['child'], field: string) => (v: string) => update([field, ...(k === 'iin' ? ['child.birthDate'] : [])], (f) => ({ ...f, child: { ...f.child, [k]: v } }));
  const touch = (field: string) => () => setTouched((x) => ({ ...x, [field]: true }));

  function reset() {
    // After a refusal to accept saving was held: the new, empty form is what counts (and removes any draft).
    if (refusal) draft.resume();
    setForm(emptyForm(uiLang, entry));
    setStartedAt(nowIso());
    setServerErrors([]);
    setProblem(null);
    setTouched({});
    setDuplicates(null);
    setDupAck(false);
    setRefusal(null);
  }

  function failed(e: unknown) {
    const p = toProblem(e);
    setProblem(p);
    setServerErrors(p.fields);
    topRef.current?.scrollIntoView({ block: 'start' });
  }

  async function register(acknowledged: boolean) {
    setBusy(true);
    setProblem(null);
    // No draft save may land after the registration ends the draft; saving resumes if it fails.
    await draft.hold();
    let done = false;
    try {
      const input = toInput(form, entry);
      const subject = subjectIin(input);
      if (!acknowledged && subject) {
        const open = await desk.openApplicationsForSubject(subject, entry.code);
        if (open.length) {
          setDuplicates(open);
          setDupAck(false);
          return;
        }
      }
      const app = await desk.register(input, { startedAt, acknowledgeDuplicate: acknowledged });
      done = true;
      go({ name: 'application', id: app.id });
    } catch (e) {
      const p = toProblem(e);
      const subject = subjectIin(toInput(form, entry));
      if (p.code === 'duplicate.open' && subject) {
        const open = await desk.openApplicationsForSubject(subject, entry.code).catch(() => []);
        if (open.length) { setDuplicates(open); setDupAck(false); return; }
      }
      failed(e);
    } finally {
      setBusy(false);
      if (!done) draft.resume();
    }
  }

  async function refuse() {
    setBusy(true);
    setProblem(null);
    // The refusal ends the draft (the data layer drops it); a new form after it saves again (reset).
    await draft.hold();
    try {
      setRefusal(await desk.refuseToAccept(toInput(form, entry), missing.map((d) => d.code)));
      setServerErrors([]);
    } catch (e) {
      draft.resume();
      failed(e);
    } finally {
      setBusy(false);
    }
  }

  const docMark = (d: DocumentSpec): { key: string; cls: string } => {
    if (d.requirement === 'always') return { key: 'doc.required', cls: 'req' };
    if (d.requirement === 'optional') return { key: 'doc.optional', cls: 'opt' };
    return isDocumentRequired(d, docCtx) ? { key: 'doc.requiredNow', cls: 'req' } : { key: 'doc.conditional', cls: 'cond' };
  };

  const allErrors = [...serverErrors, ...live.filter((l) => !server[l.field])];
  const chosen = form.kindergartenIds.map((id) => kindergartens.find((k) => k.id === id)).filter((k): k is Kindergarten => !!k);
  const available = kindergartens.filter((k) => !form.kindergartenIds.includes(k.id));
  const moveKg = (i: number, d: -1 | 1) => update(['kindergartenIds'], (f) => {
    const ids = [...f.kindergartenIds];
    const j = i + d;
    if (j < 0 || j >= ids.length) return f;
    [ids[i], ids[j]] = [ids[j], ids[i]];
    return { ...f, kindergartenIds: ids };
  });
  const placesHint = (k: Kindergarten) => {
    if (!childBirth) return '';
    const g = ageGroupFor(k, childBirth, today);
    return g ? t('intake.placesInGroup', { group: bi(g.name, uiLang), count: g.freePlaces }) : t('intake.noAgeGroup');
  };

  return (
    <div className="screen intake" ref={topRef} data-testid="intake" data-draft={draftState}>
      <div className="screen-head">
        <h1>{t('intake.title')}</h1>
        <div className="service-name" data-testid="intake-service-name">{bi(entry.name, uiLang)}</div>
      </div>
      {picker}
      {!preschool && (
        <div className="muted small" data-testid="intake-term">
          {t('services.term')}: {durationLabel(t, entry.term)}
          {entry.completenessCheckWorkingDays ? ` · ${t('services.completenessCheck', { n: entry.completenessCheckWorkingDays })}` : ''}
        </div>
      )}

      {/* The summary follows a refused attempt; before that, hints stay next to their fields. */}
      {problem && (
        <div className="notice notice--error" role="alert" data-testid="intake-errors">
          <div className="summary-title">{problem && !problem.fields.length ? errorText(t, problem.code, problem.params) : t('common.fixErrors')}</div>
          {allErrors.length > 0 && (
            <ul>
              {allErrors.map((e, i) => {
                const section = SECTION_OF(e.field);
                const own = e.field.startsWith('fields.') ? entry.applicationFields?.find((f) => `fields.${f.code}` === e.field) : undefined;
                const label = own ? undefined : FIELD_LABEL[e.field];
                const ownLabel = own ? `${bi(own.name, uiLang)}: ` : '';
                return (
                  <li key={`${e.field}-${i}`} data-testid="intake-error-item" data-field={e.field}>
                    {section && `${t(section)} — `}{label ? `${t(label)}: ` : ownLabel}{errorText(t, e.code, e.params)}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}

      <div className="intake-grid">
        <fieldset className="panel">
          <legend>{t('intake.applicantSection')}</legend>
          <div className="grid grid--3">
            <SelectField label={t('intake.applicantKind')} value={form.applicant.kind} testid="applicant-kind"
              onChange={(v) => update(['applicant.powerOfAttorney.number', 'applicant.powerOfAttorney.date', 'applicant.powerOfAttorney.notary'], (f) => ({ ...f, applicant: { ...f.applicant, kind: v as ApplicantKind } }))}
              options={applicantKindsFor(entry).map((k) => ({ value: k, label: t(`applicantKind.${k}`) }))} error={err('applicant.kind')} className="span-2" />
            <SelectField label={t('intake.paperLang')} value={form.lang} testid="intake-lang" onChange={(v) => setForm((f) => ({ ...f, lang: v as Lang }))}
              options={LANGS.map((l) => ({ value: l, label: t(`lang.${l}`) }))} hint={t('intake.paperLangHint')} />
            <TextField label={t('intake.applicantIin')} value={form.applicant.iin} onChange={setA('iin', 'applicant.iin')} onBlur={touch('applicant.iin')}
              error={err('applicant.iin')} required testid="applicant-iin" inputMode="numeric" maxLength={14} autoFocus />
            <TextField label={t('intake.phone')} value={form.applicant.phone} onChange={setA('phone', 'applicant.phone')} error={err('applicant.phone')} required testid="applicant-phone" type="tel" placeholder={t('intake.phonePlaceholder')} className="span-2" />
            <TextField label={t('person.lastName')} value={form.applicant.lastName} onChange={setA('lastName', 'applicant.lastName')} error={err('applicant.lastName')} required testid="applicant-last-name" />
            <TextField label={t('person.firstName')} value={form.applicant.firstName} onChange={setA('firstName', 'applicant.firstName')} error={err('applicant.firstName')} required testid="applicant-first-name" />
            <TextField label={t('person.middleName')} value={form.applicant.middleName} onChange={setA('middleName', 'applicant.middleName')} testid="applicant-middle-name" />
            <TextField label={t('intake.address')} value={form.applicant.address} onChange={setA('address', 'applicant.address')} error={err('applicant.address')} required testid="applicant-address" className="span-3" />
          </div>
          {form.applicant.kind === 'proxy' && (
            <div className="grid grid--3 subgrid" data-testid="poa-section">
              <TextField label={t('intake.poaNumber')} value={form.applicant.poaNumber} onChange={setA('poaNumber', 'applicant.powerOfAttorney.number')} error={err('applicant.powerOfAttorney.number')} required testid="poa-number" />
              <TextField label={t('intake.poaDate')} type="date" value={form.applicant.poaDate} onChange={setA('poaDate', 'applicant.powerOfAttorney.date')} error={err('applicant.powerOfAttorney.date')} required testid="poa-date" />
              <TextField label={t('intake.poaNotary')} value={form.applicant.poaNotary} onChange={setA('poaNotary', 'applicant.powerOfAttorney.notary')} error={err('applicant.powerOfAttorney.notary')} required testid="poa-notary" />
            </div>
          )}
          {principalAsked && (
            <div className="grid grid--3 subgrid" data-testid="principal-section">
              <div className="span-3 muted small">{t('intake.principalSection')}</div>
              <TextField label={t('intake.principalIin')} value={form.applicant.prIin} onChange={setA('prIin', 'applicant.principal.iin')} onBlur={touch('applicant.principal.iin')}
                error={err('applicant.principal.iin')} required testid="principal-iin" inputMode="numeric" maxLength={14} className="span-3" />
              <TextField label={t('person.lastName')} value={form.applicant.prLastName} onChange={setA('prLastName', 'applicant.principal.lastName')} error={err('applicant.principal.lastName')} required testid="principal-last-name" />
              <TextField label={t('person.firstName')} value={form.applicant.prFirstName} onChange={setA('prFirstName', 'applicant.principal.firstName')} error={err('applicant.principal.firstName')} required testid="principal-first-name" />
              <TextField label={t('person.middleName')} value={form.applicant.prMiddleName} onChange={setA('prMiddleName', 'applicant.principal.middleName')} testid="principal-middle-name" />
            </div>
          )}
          {preschool && <div className="grid grid--2">
            <TextField label={t('intake.motherWork')} value={form.mother} onChange={(v) => setForm((f) => ({ ...f, mother: v }))} testid="workplace-mother" />
            <TextField label={t('intake.fatherWork')} value={form.father} onChange={(v) => setForm((f) => ({ ...f, father: v }))} testid="workplace-father" />
          </div>}
        </fieldset>

        {!aboutChild && (
          <fieldset className="panel" data-testid="no-child-section">
            <legend>{t('intake.serviceSection')}</legend>
            <p className="muted small" data-testid="intake-no-child">{t('intake.noChild')}</p>
            {err('child') && <div className="field-error" role="alert">{errorText(t, err('child')!.code)}</div>}
            <ServiceFields entry={entry} form={form} uiLang={uiLang} err={err} statusCat={statusCat}
              setField={(code, v) => update([`fields.${code}`], (f) => ({ ...f, fields: { ...f.fields, [code]: v } }))}
              setStatus={(v) => update(['statusCategory'], (f) => ({ ...f, statusCategory: v, statusDocument: '' }))}
              setStatusDoc={(v) => setForm((f) => ({ ...f, statusDocument: v }))} />
          </fieldset>
        )}
        {aboutChild && <fieldset className="panel" data-testid="child-section">
          <legend>{t('intake.childSection')}</legend>
          <div className="grid grid--3">
            <TextField label={t('intake.childIin')} value={form.child.iin} onChange={setC('iin', 'child.iin')} onBlur={touch('child.iin')}
              error={err('child.iin') ?? err('child.birthDate')} required testid="child-iin" inputMode="numeric" maxLength={14} />
            <div className="iin-info span-2" data-testid="child-iin-info" aria-live="polite">
              {childIin.ok && (
                <>
                  <span><span className="muted">{t('app.birthDate')}:</span> <b data-testid="child-birth-date">{tableDate(childIin.birthDate)}</b></span>
                  <span><span className="muted">{t('app.sex')}:</span> <b data-testid="child-sex">{t(`sex.${childIin.sex}`)}</b></span>
                  {childIin.birthDate <= today && <span><span className="muted">{t('app.age')}:</span> <b>{t('units.years', { count: ageInYears(childIin.birthDate, today) })}</b></span>}
                </>
              )}
            </div>
            <TextField label={t('person.lastName')} value={form.child.lastName} onChange={setC('lastName', 'child.lastName')} error={err('child.lastName')} required testid="child-last-name" />
            <TextField label={t('person.firstName')} value={form.child.firstName} onChange={setC('firstName', 'child.firstName')} error={err('child.firstName')} required testid="child-first-name" />
            <TextField label={t('person.middleName')} value={form.child.middleName} onChange={setC('middleName', 'child.middleName')} testid="child-middle-name" />
          </div>
          {!preschool && <ServiceFields entry={entry} form={form} uiLang={uiLang} err={err} statusCat={statusCat}
            setField={(code, v) => update([`fields.${code}`], (f) => ({ ...f, fields: { ...f.fields, [code]: v } }))}
            setStatus={(v) => update(['statusCategory'], (f) => ({ ...f, statusCategory: v, statusDocument: '' }))}
            setStatusDoc={(v) => setForm((f) => ({ ...f, statusDocument: v }))} />}
          {preschool && <><div className="grid grid--2">
            <SelectField label={t('intake.priority')} value={form.priority} testid="priority"
              onChange={(v) => update(['priority', 'priorityDoc'], (f) => ({ ...f, priority: v, priorityDoc: v ? bi(entry.priorityCategories.find((c) => c.code === v)?.proof, f.lang) : '' }))}
              options={[{ value: '', label: t('intake.noPriority') }, ...entry.priorityCategories.map((c) => ({ value: c.code, label: bi(c.name, uiLang) }))]}
              error={err('priority')} />
            {category && (
              <TextField label={t('intake.priorityDoc')} value={form.priorityDoc} onChange={(v) => update(['priorityDoc'], (f) => ({ ...f, priorityDoc: v }))}
                error={err('priorityDoc')} testid="priority-doc" hint={t('intake.priorityProofHint', { proof: bi(category.proof, uiLang) })} />
            )}
          </div>
          <Field label={t('intake.kindergartens')} error={err('kindergartenIds')} required hint={t('intake.kindergartensHint')}>
            {(id, describedBy) => (
              <div className="kg-picker">
                <div className="kg-add">
                  <select id={id} value={kgPick} onChange={(e) => setKgPick(e.target.value)} aria-describedby={describedBy} data-testid="kg-select"
                    onKeyDown={(e) => { if (e.key === 'Enter' && kgPick) { e.preventDefault(); update(['kindergartenIds'], (f) => ({ ...f, kindergartenIds: [...f.kindergartenIds, kgPick] })); setKgPick(''); } }}>
                    <option value="">{available.length ? t('intake.chooseKindergarten') : t('intake.noMoreKindergartens')}</option>
                    {available.map((k) => <option key={k.id} value={k.id}>№{k.number} {bi(k.name, uiLang)}</option>)}
                  </select>
                  <button type="button" className="btn" disabled={!kgPick} data-testid="kg-add"
                    onClick={() => { update(['kindergartenIds'], (f) => ({ ...f, kindergartenIds: [...f.kindergartenIds, kgPick] })); setKgPick(''); }}>
                    {t('common.add')}
                  </button>
                </div>
                {chosen.length > 0 && (
                  <ol className="kg-chosen" data-testid="kg-chosen">
                    {chosen.map((k, i) => (
                      <li key={k.id} data-testid="kg-chosen-item" data-id={k.id}>
                        <span className="kg-title">№{k.number} {bi(k.name, uiLang)}</span>
                        <span className="muted small">{placesHint(k)}</span>
                        <span className="row-actions">
                          <button type="button" className="icon-btn" onClick={() => moveKg(i, -1)} disabled={i === 0} aria-label={t('common.moveUp')} title={t('common.moveUp')}>↑</button>
                          <button type="button" className="icon-btn" onClick={() => moveKg(i, 1)} disabled={i === chosen.length - 1} aria-label={t('common.moveDown')} title={t('common.moveDown')}>↓</button>
                          <button type="button" className="icon-btn" onClick={() => update(['kindergartenIds'], (f) => ({ ...f, kindergartenIds: f.kindergartenIds.filter((x) => x !== k.id) }))}
                            aria-label={t('common.remove')} title={t('common.remove')} data-testid="kg-remove">×</button>
                        </span>
                      </li>
                    ))}
                  </ol>
                )}
              </div>
            )}
          </Field></>}
        </fieldset>}
      </div>

      <fieldset className="panel" data-testid="documents">
        <legend>{t('intake.documents')}</legend>
        <ul className="doc-list">
          {entry.documents.map((d) => {
            const mark = docMark(d);
            const isMissing = missing.some((m) => m.code === d.code);
            return (
              <li key={d.code} className={isMissing ? 'missing' : ''}>
                <label className="check">
                  <input type="checkbox" checked={form.documents.includes(d.code)} data-testid={`doc-${d.code}`}
                    onChange={(e) => update(['documents'], (f) => ({ ...f, documents: e.target.checked ? [...f.documents, d.code] : f.documents.filter((x) => x !== d.code) }))} />
                  <span>{bi(d.name, uiLang)}{d.originalForComparison && <span className="doc-orig"> · {t('doc.original')}</span>}</span>
                </label>
                <span className={`doc-mark doc-mark--${mark.cls}`} data-testid={`doc-mark-${d.code}`}>{t(mark.key)}</span>
                {!preschool && d.when?.kind === 'notInRegistry' && (
                  <label className="check small">
                    <input type="checkbox" checked={form.notInRegistry.includes(d.code)} data-testid={`not-in-registry-${d.code}`}
                      onChange={(e) => update(['documents'], (f) => ({ ...f, notInRegistry: e.target.checked ? [...f.notInRegistry, d.code] : f.notInRegistry.filter((x) => x !== d.code) }))} />
                    <span>{t('services.notInRegistry')}</span>
                  </label>
                )}
              </li>
            );
          })}
        </ul>
        <label className={`check consent${err('consent') ? ' field--error' : ''}`}>
          <input type="checkbox" checked={form.consent} onChange={(e) => update(['consent'], (f) => ({ ...f, consent: e.target.checked }))} data-testid="consent" />
          <span>{t('intake.consentText')}</span>
        </label>
        {err('consent') && <div className="field-error" role="alert" data-testid="error-consent">{errorText(t, err('consent')!.code)}</div>}
      </fieldset>

      <div className="action-bar">
        {missing.length > 0 && (
          <Notice kind="warn" testid="missing-documents">
            {t('intake.missingDocs', { count: missing.length })}: {missing.map((d) => bi(d.name, uiLang)).join('; ')}
          </Notice>
        )}
        <div className="actions">
          {draft.savedAt && !draft.problem && <span className="muted small" data-testid="draft-saved">{t('draft.saved', { at: tableDateTime(draft.savedAt, session.office) })}</span>}
          {draft.problem && <span className="field-error" data-testid="draft-error" data-code={draft.problem.code}>{t('draft.notSaved')}: {errorText(t, draft.problem.code, draft.problem.params)}</span>}
          <button type="button" className="btn btn--ghost" onClick={reset} data-testid="intake-clear">{t('intake.clear')}</button>
          {missing.length > 0 && (
            <button type="button" className="btn btn--danger" onClick={() => void refuse()} disabled={busy} data-testid="refuse-to-accept">{t('intake.refuseToAccept')}</button>
          )}
          <button type="button" className="btn btn--primary" onClick={() => void register(false)} disabled={busy || missing.length > 0} data-testid="register"
            title={missing.length ? t('intake.registerBlocked') : undefined}>
            {busy ? t('common.working') : t('intake.register')}
          </button>
        </div>
      </div>

      <Dialog open={!!duplicates} title={t(aboutChild ? 'intake.duplicatesTitle' : 'intake.duplicatesTitleSubject')} onClose={() => setDuplicates(null)} wide testid="duplicates-dialog"
        footer={(
          <>
            <button type="button" className="btn" onClick={() => setDuplicates(null)}>{t('common.cancel')}</button>
            <button type="button" className="btn btn--primary" disabled={!dupAck || busy} onClick={() => { setDuplicates(null); void register(true); }} data-testid="duplicates-confirm">
              {t('intake.registerAnyway')}
            </button>
          </>
        )}>
        <p>{t(aboutChild ? 'intake.duplicatesText' : 'intake.duplicatesTextSubject')}</p>
        <table className="table table--compact" data-testid="duplicates-list">
          <thead><tr><th>{t('app.journalNo')}</th><th>{t('app.registered')}</th><th>{t('app.subject')}</th><th>{t('app.applicant')}</th><th>{t('app.status')}</th></tr></thead>
          <tbody>
            {(duplicates ?? []).map((a) => (
              <tr key={a.id}>
                <td className="nowrap"><b>{a.journalNo}</b></td>
                <td>{tableDate(a.acceptedAt, session.office)}</td>
                <td><SubjectName app={a} /></td>
                <td>{personName(a.applicant)}</td>
                <td><StatusBadge status={a.status} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        <label className="check">
          <input type="checkbox" checked={dupAck} onChange={(e) => setDupAck(e.target.checked)} data-testid="duplicates-ack" />
          <span>{t('intake.duplicatesAck')}</span>
        </label>
      </Dialog>

      <Dialog open={!!refusal} title={t('intake.refusalDoneTitle')} onClose={reset} wide testid="refusal-dialog"
        footer={<button type="button" className="btn btn--primary" onClick={reset} data-testid="refusal-done">{t('intake.newIntake')}</button>}>
        {refusal && (
          <>
            <Notice kind="warn">{t('intake.refusalDoneText')}</Notice>
            <ul className="plain-list">{refusal.missingDocuments.map((code) => <li key={code}>{bi(entry.documents.find((d) => d.code === code)?.name, uiLang) || code}</li>)}</ul>
            <PrintPanel target={{ kind: 'refusal', refusal }} forms={[isFormId(entry.forms.refusalToAccept) ? entry.forms.refusalToAccept : 'refusalToAccept']} defaultLang={refusal.lang} copiesNote />
          </>
        )}
      </Dialog>
    </div>
  );
}

/** A service's own application fields and status category (camp referrals: seed 003 Annex 11, Annex 1). */
function ServiceFields({ entry, form, uiLang, err, statusCat, setField, setStatus, setStatusDoc }: {
  entry: ServiceEntry; form: FormState; uiLang: Lang; err: (field: string) => FieldError | undefined;
  statusCat?: NonNullable<ServiceEntry['statusCategories']>[number];
  setField: (code: string, v: string) => void; setStatus: (v: string) => void; setStatusDoc: (v: string) => void;
}) {
  const { t } = useTranslation();
  const fields = entry.applicationFields ?? [];
  if (!fields.length && !entry.statusCategories) return null;
  return (
    <div className="grid grid--3 subgrid" data-testid="service-fields">
      {fields.map((f) => (
        <TextField key={f.code} label={bi(f.name, uiLang)} value={form.fields[f.code] ?? ''} onChange={(v) => setField(f.code, v)}
          error={err(`fields.${f.code}`)} required={f.required} testid={`field-${f.code}`}
          type={f.type === 'date' ? 'date' : 'text'} inputMode={f.type === 'integer' ? 'numeric' : undefined} />
      ))}
      {entry.statusCategories && (
        <>
          <SelectField label={t('services.statusCategory')} value={form.statusCategory} onChange={setStatus} testid="status-category" error={err('statusCategory')} required
            options={[{ value: '', label: t('services.chooseStatus') }, ...entry.statusCategories.map((c) => ({ value: c.code, label: bi(c.name, uiLang) }))]} className="span-3" />
          {statusCat && (
            <TextField label={t('services.statusDocument')} value={form.statusDocument} onChange={setStatusDoc} testid="status-document" className="span-3"
              hint={t('intake.priorityProofHint', { proof: bi(statusCat.proof, uiLang) })} />
          )}
        </>
      )}
    </div>
  );
}
