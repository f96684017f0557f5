/**
 * From stored records to form data. Everything the paper shows is decided
 * here (who is the recipient when a proxy applies, which documents, which
 * dates in office-local time), so the builders only lay text out.
 */
import { formatTableDate } from '../format/dates';
import type { AcceptRefusal, Application } from '../model/application';
import type { BiText } from '../model/common';
import type { Kindergarten, Office } from '../model/office';
import type { ServiceEntry } from '../catalog/schema';
import { referralValidUntil } from '../queue/queue';
import { fullName } from '../text/normalize';
import { localParts, KZ_UTC_OFFSET_MINUTES } from '../time';
import { formOffice } from './office';
import type { FormDataMap, FormDateTime } from './types';

export type FormId = keyof FormDataMap;

export type FormContext = {
  /** An application, or for `refusalToAccept` the recorded refusal to accept documents. */
  app: Application | AcceptRefusal;
  office: Office;
  kindergartens: Kindergarten[];
  entry: ServiceEntry;
  /** Who prints now; the fallback for who accepted when the record does not say. */
  staffName: string;
  headName: string;
  executorName?: string;
  /** District-wide queue position as last synced; null or absent prints no position line. */
  queuePosition?: number | null;
  /** When that position was computed (last sync); defaults to `now`. */
  queueAsOf?: string;
  /** ISO instant of printing. */
  now: string;
};

export class FormDataError extends Error {
  constructor(readonly formId: FormId, message: string) {
    super(`${formId}: ${message}`);
  }
}

const same = (s: string): BiText => ({ kk: s, ru: s });
const isApplication = (a: Application | AcceptRefusal): a is Application => 'journalNo' in a;

function needApplication(formId: FormId, ctx: FormContext): Application {
  if (!isApplication(ctx.app)) throw new FormDataError(formId, 'needs an application, got a refusal to accept');
  return ctx.app;
}

const documentName = (entry: ServiceEntry, code: string): BiText =>
  entry.documents.find((d) => d.code === code)?.name ?? same(code);

/** Catalog order first (as the checklist shows them), then any codes the catalog no longer knows. */
function documentNames(entry: ServiceEntry, codes: string[]): BiText[] {
  const known = entry.documents.filter((d) => codes.includes(d.code)).map((d) => d.name);
  const unknown = codes.filter((c) => !entry.documents.some((d) => d.code === c)).map(same);
  return [...known, ...unknown];
}

type Person = { lastName?: string; firstName?: string; middleName?: string };
const nameOf = (p: Person | undefined) => (p?.lastName && p.firstName ? fullName({ lastName: p.lastName, firstName: p.firstName, middleName: p.middleName }) : '');

/** The parent the service is for: the principal when a proxy applies. */
function parentName(app: Application): string {
  return app.applicant.kind === 'proxy' && nameOf(app.applicant.principal) ? nameOf(app.applicant.principal) : nameOf(app.applicant);
}

function powerOfAttorneyText(poa: Application['applicant']['powerOfAttorney']): string {
  if (!poa) return '';
  const date = poa.date && /^\d{4}-\d{2}-\d{2}$/.test(poa.date) ? formatTableDate(poa.date) : poa.date;
  return [poa.number ? `№ ${poa.number}` : '', date ?? '', poa.notary ?? ''].filter(Boolean).join(', ');
}

export function formDataFor<F extends FormId>(formId: F, ctx: FormContext): FormDataMap[F] {
  return build(formId, ctx) as FormDataMap[F];
}

function build(formId: FormId, ctx: FormContext): FormDataMap[FormId] {
  const offset = ctx.office.utcOffsetMinutes ?? KZ_UTC_OFFSET_MINUTES;
  const local = (instant: string): FormDateTime => {
    const p = localParts(instant, offset);
    return { date: p.date, time: p.time };
  };
  const office = formOffice(ctx.office);
  const service = ctx.entry.name;
  const today = local(ctx.now).date;

  switch (formId) {
    case 'application': {
      const app = needApplication(formId, ctx);
      const cat = app.priority ? ctx.entry.priorityCategories.find((c) => c.code === app.priority) : undefined;
      return {
        office, service,
        journalNo: app.journalNo,
        acceptedOn: local(app.acceptedAt).date,
        applicant: {
          fullName: nameOf(app.applicant), iin: app.applicant.iin, address: app.applicant.address, phone: app.applicant.phone,
          proxy: app.applicant.kind === 'proxy'
            ? { principalName: nameOf(app.applicant.principal), powerOfAttorney: powerOfAttorneyText(app.applicant.powerOfAttorney) }
            : undefined,
        },
        child: { fullName: nameOf(app.child), iin: app.child.iin, birthDate: app.child.birthDate },
        kindergartenNumbers: app.kindergartenIds
          .map((id) => ctx.kindergartens.find((k) => k.id === id)?.number)
          .filter((n): n is string => !!n),
        priority: app.priority
          ? { category: cat?.name ?? same(app.priority), proof: cat?.proof ?? same(''), document: app.priorityDoc }
          : null,
        workplaces: { ...app.workplaces },
        consent: app.consent,
      };
    }
    case 'receipt': {
      const app = needApplication(formId, ctx);
      const proxy = app.applicant.kind === 'proxy' && !!nameOf(app.applicant.principal);
      const applicant = { fullName: nameOf(app.applicant), phone: app.applicant.phone };
      return {
        office, service,
        journalNo: app.journalNo,
        acceptedAt: local(app.acceptedAt),
        documents: documentNames(ctx.entry, app.documents),
        issueAt: local(app.dueAt),
        issuePlace: { kk: `${office.body.kk}, ${office.address.kk}`, ru: `${office.body.ru}, ${office.address.ru}` },
        acceptedBy: app.steps.find((s) => s.step === 'accept')?.byName ?? ctx.staffName,
        recipient: proxy ? { fullName: nameOf(app.applicant.principal) } : applicant,
        representative: proxy ? applicant : null,
      };
    }
    case 'refusalToAccept': {
      if (isApplication(ctx.app)) throw new FormDataError(formId, 'needs a refusal to accept, got an application');
      const r = ctx.app;
      return {
        office, service,
        at: local(r.at),
        missing: r.missingDocuments.map((code) => documentName(ctx.entry, code)),
        applicant: { fullName: nameOf(r.applicant), iin: r.applicant.iin, phone: r.applicant.phone },
        worker: r.byName || ctx.staffName,
      };
    }
    case 'notification': {
      const app = needApplication(formId, ctx);
      return {
        office, service,
        parentName: parentName(app),
        child: { fullName: nameOf(app.child), sex: app.child.sex },
        journalNo: app.journalNo,
        registeredOn: local(app.acceptedAt).date,
        queuePosition: ctx.queuePosition != null ? { position: ctx.queuePosition, asOf: local(ctx.queueAsOf ?? ctx.now).date } : null,
        issuedOn: today,
        specialistName: ctx.executorName || ctx.staffName,
      };
    }
    case 'referral': {
      const app = needApplication(formId, ctx);
      const d = app.decision;
      if (d?.kind !== 'referral') throw new FormDataError(formId, 'the application has no referral decision');
      const kg = ctx.kindergartens.find((k) => k.id === d.kindergartenId);
      if (!kg) throw new FormDataError(formId, `unknown kindergarten ${d.kindergartenId}`);
      const days = ctx.entry.referralValidityDays ?? 5;
      const issuedOn = d.issuedOn ?? today;
      return {
        office, service,
        referralNo: d.referralNo,
        kindergarten: { number: kg.number, name: kg.name, address: kg.address },
        ageGroup: kg.ageGroups.find((g) => g.id === d.ageGroupId)?.name,
        child: { fullName: nameOf(app.child), birthDate: app.child.birthDate, homeAddress: app.applicant.address },
        issuedOn,
        validUntil: d.validUntil ?? referralValidUntil(issuedOn, days),
        validityDays: days,
        headName: ctx.headName,
      };
    }
    case 'refusal': {
      const app = needApplication(formId, ctx);
      const d = app.decision;
      if (d?.kind !== 'refusal') throw new FormDataError(formId, 'the application has no refusal decision');
      return {
        office, service,
        journalNo: app.journalNo,
        applicationDate: local(app.acceptedAt).date,
        applicant: { fullName: nameOf(app.applicant), address: app.applicant.address },
        child: { fullName: nameOf(app.child), birthDate: app.child.birthDate },
        ground: ctx.entry.refusalGrounds.find((g) => g.code === d.groundCode)?.text ?? same(d.groundCode),
        reason: d.reason,
        executorName: ctx.executorName,
        headName: ctx.headName,
        issuedOn: today,
      };
    }
  }
}
