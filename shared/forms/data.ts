/**
 * From stored records to form data. Everything the paper shows is decided
 * here (who is the recipient when a proxy applies, which documents, which
 * dates in office-local time), so the builders only lay text out.
 *
 * Two kinds of context: the preschool forms (and the refusal) read an
 * Application or AcceptRefusal; the forms of the other services take their
 * data as an explicit input in `extra` (inputs.ts) until their records exist.
 */
import type { AcceptRefusal, Application } from '../model/application';
import type { Kindergarten, Office } from '../model/office';
import type { ServiceEntry } from '../catalog/schema';
import { defaultCalendar } from '../calendar/calendar';
import { complaintTerms } from '../model/complaint';
import { referralValidityDays, referralValidUntil } from '../queue/queue';
import { localParts, KZ_UTC_OFFSET_MINUTES } from '../time';
import { FormDataError } from './errors';
import type { FormExtraMap, FormInputMap } from './inputs';
import { formOffice } from './office';
import { documentNames, nameOf, powerOfAttorneyWords, same } from './records';
import {
  campApplicationData,
  campReferralData,
  campRefusalToAcceptData,
  complaintTicketData,
  genericApplicationData,
  genericResultData,
  guardianshipCertificateData,
  hearingRecordData,
  officePlace,
  preliminaryRefusalNoticeData,
  technicalProblemProtocolData,
  type DataEnv,
} from './serviceData';
import type { FormDataMap, FormDateTime } from './types';

export { FormDataError };

export type FormId = keyof FormDataMap;
/** Forms whose data come only from ctx.extra. */
export type InputFormId = keyof FormInputMap;
/** Forms printed from a stored Application or AcceptRefusal. */
export type RecordFormId = Exclude<FormId, InputFormId>;

/** What every form needs: the office on paper, who prints and when. */
export type BaseContext = {
  office: Office;
  /** Who prints now; the fallback for who accepted when the record does not say. */
  staffName: string;
  headName: string;
  executorName?: string;
  /** ISO instant of printing. */
  now: string;
};

export type FormContext = BaseContext & {
  /** An application, or for `refusalToAccept` the recorded refusal to accept documents. */
  app: Application | AcceptRefusal;
  kindergartens: Kindergarten[];
  entry: ServiceEntry;
  /** District-wide queue position as last synced; null or absent prints no position line. */
  queuePosition?: number | null;
  /** When that position was computed (last sync); defaults to `now`. */
  queueAsOf?: string;
  /** The age the district counted the position among (its queue numbers each age apart); absent: the office's own queue. */
  queueAge?: number;
};

/** Complaints and technical protocols may concern no particular service. */
type EntryOptional = 'complaint-ticket' | 'technical-problem-protocol';

export type InputFormContext<F extends InputFormId = InputFormId> = BaseContext & {
  extra: FormInputMap[F];
} & (F extends EntryOptional ? { entry?: ServiceEntry } : { entry: ServiceEntry });

/** The context a form takes: a record context (with the form's optional extra) or an input context. */
export type ContextFor<F extends FormId> = F extends InputFormId
  ? InputFormContext<F>
  : FormContext & { extra?: F extends keyof FormExtraMap ? FormExtraMap[F] : never };

type AnyContext = BaseContext & {
  app?: Application | AcceptRefusal;
  kindergartens?: Kindergarten[];
  entry?: ServiceEntry;
  queuePosition?: number | null;
  queueAsOf?: string;
  queueAge?: number;
  extra?: unknown;
};

const isApplication = (a: Application | AcceptRefusal): a is Application => 'journalNo' in a;

function needApplication(formId: FormId, ctx: AnyContext): Application {
  if (!ctx.app) throw new FormDataError(formId, 'needs an application (ctx.app)');
  if (!isApplication(ctx.app)) throw new FormDataError(formId, 'needs an application, got a refusal to accept');
  return ctx.app;
}

function needAcceptRefusal(formId: FormId, ctx: AnyContext): AcceptRefusal {
  if (!ctx.app || isApplication(ctx.app))
    throw new FormDataError(formId, 'needs a refusal to accept, got an application');
  return ctx.app;
}

/** The preschool forms (Appendices 4-6) are about a child: a record without one cannot fill them. */
function needChild(formId: FormId, app: Application): NonNullable<Application['child']> {
  if (!app.child)
    throw new FormDataError(formId, 'the application names no child (its service is about the applicant)');
  return app.child;
}

function needEntry(formId: FormId, ctx: AnyContext): ServiceEntry {
  if (!ctx.entry) throw new FormDataError(formId, 'needs the service entry (ctx.entry)');
  return ctx.entry;
}

function inputOf<F extends InputFormId>(formId: F, ctx: AnyContext): FormInputMap[F] {
  if (ctx.extra === undefined || ctx.extra === null || typeof ctx.extra !== 'object') {
    throw new FormDataError(formId, 'needs its input in ctx.extra');
  }
  return ctx.extra as FormInputMap[F];
}

/**
 * Which act's list a refusal to accept cites (F-14): the requirements of the
 * rules for a service under seed 003 (its Annex 3 says "мемлекеттік қызмет
 * көрсетуге қойылатын талаптарында"), the service standard otherwise (seed 000).
 */
const listedIn = (entry: ServiceEntry): 'standard' | 'requirements' =>
  entry.legalSource.some((s) => s.seed === '003') ? 'requirements' : 'standard';

const documentName = (entry: ServiceEntry, code: string) =>
  entry.documents.find((d) => d.code === code)?.name ?? same(code);

/** The parent the service is for: the principal when a proxy applies. */
function parentName(app: Application): string {
  return app.applicant.kind === 'proxy' && nameOf(app.applicant.principal)
    ? nameOf(app.applicant.principal)
    : nameOf(app.applicant);
}

export function formDataFor<F extends FormId>(formId: F, ctx: ContextFor<F>): FormDataMap[F] {
  return build(formId, ctx as AnyContext) as FormDataMap[F];
}

function build(formId: FormId, ctx: AnyContext): FormDataMap[FormId] {
  const offset = ctx.office.utcOffsetMinutes ?? KZ_UTC_OFFSET_MINUTES;
  const local = (instant: string): FormDateTime => {
    const p = localParts(instant, offset);
    return { date: p.date, time: p.time };
  };
  const office = formOffice(ctx.office);
  const today = local(ctx.now).date;
  const env: DataEnv = {
    formId,
    office,
    entry: ctx.entry,
    local,
    today,
    now: ctx.now,
    staffName: ctx.staffName,
    headName: ctx.headName,
    executorName: ctx.executorName,
  };
  const kindergartens = ctx.kindergartens ?? [];

  switch (formId) {
    case 'application': {
      const app = needApplication(formId, ctx);
      const entry = needEntry(formId, ctx);
      const service = entry.name;
      const cat = app.priority ? entry.priorityCategories.find((c) => c.code === app.priority) : undefined;
      const child = needChild(formId, app);
      return {
        office,
        service,
        journalNo: app.journalNo,
        acceptedOn: local(app.acceptedAt).date,
        applicant: {
          fullName: nameOf(app.applicant),
          iin: app.applicant.iin,
          address: app.applicant.address,
          phone: app.applicant.phone,
          proxy:
            app.applicant.kind === 'proxy'
              ? {
                  principalName: nameOf(app.applicant.principal),
                  powerOfAttorney: powerOfAttorneyWords(app.applicant.powerOfAttorney),
                }
              : undefined,
        },
        child: { fullName: nameOf(child), iin: child.iin, birthDate: child.birthDate },
        kindergartenNumbers: app.kindergartenIds
          .map((id) => kindergartens.find((k) => k.id === id)?.number)
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
      const entry = needEntry(formId, ctx);
      const service = entry.name;
      const proxy = app.applicant.kind === 'proxy' && !!nameOf(app.applicant.principal);
      const applicant = { fullName: nameOf(app.applicant), phone: app.applicant.phone };
      return {
        office,
        service,
        journalNo: app.journalNo,
        acceptedAt: local(app.acceptedAt),
        documents: documentNames(entry, app.documents),
        issueAt: local(app.dueAt),
        issuePlace: officePlace(office),
        acceptedBy: app.steps.find((s) => s.step === 'accept')?.byName ?? ctx.staffName,
        recipient: proxy ? { fullName: nameOf(app.applicant.principal) } : applicant,
        representative: proxy ? applicant : null,
      };
    }
    case 'refusalToAccept': {
      const r = needAcceptRefusal(formId, ctx);
      const entry = needEntry(formId, ctx);
      return {
        office,
        service: entry.name,
        listedIn: listedIn(entry),
        at: local(r.at),
        missing: r.missingDocuments.map((code) => documentName(entry, code)),
        applicant: { fullName: nameOf(r.applicant), iin: r.applicant.iin, phone: r.applicant.phone },
        worker: r.byName || ctx.staffName,
      };
    }
    case 'notification': {
      const app = needApplication(formId, ctx);
      const child = needChild(formId, app);
      return {
        office,
        service: needEntry(formId, ctx).name,
        parentName: parentName(app),
        child: { fullName: nameOf(child), sex: child.sex },
        journalNo: app.journalNo,
        registeredOn: local(app.acceptedAt).date,
        queuePosition:
          ctx.queuePosition != null
            ? {
                position: ctx.queuePosition,
                asOf: local(ctx.queueAsOf ?? ctx.now).date,
                ...(ctx.queueAge !== undefined ? { age: ctx.queueAge } : {}),
              }
            : null,
        issuedOn: today,
        specialistName: ctx.executorName || ctx.staffName,
      };
    }
    case 'referral': {
      const app = needApplication(formId, ctx);
      const d = app.decision;
      if (d?.kind !== 'referral') throw new FormDataError(formId, 'the application has no referral decision');
      const entry = needEntry(formId, ctx);
      const kg = kindergartens.find((k) => k.id === d.kindergartenId);
      if (!kg) throw new FormDataError(formId, `unknown kindergarten ${d.kindergartenId}`);
      const days = referralValidityDays(entry);
      const issuedOn = d.issuedOn ?? today;
      return {
        office,
        service: entry.name,
        referralNo: d.referralNo,
        kindergarten: { number: kg.number, name: kg.name, address: kg.address },
        ageGroup: kg.ageGroups.find((g) => g.id === d.ageGroupId)?.name,
        child: {
          fullName: nameOf(needChild(formId, app)),
          birthDate: needChild(formId, app).birthDate,
          homeAddress: app.applicant.address,
        },
        issuedOn,
        // A last day stored before K-01 was fixed may be a day off: it lasts to the next working day (isReferralExpired).
        validUntil: d.validUntil
          ? defaultCalendar.nextWorkingDayFrom(d.validUntil)
          : referralValidUntil(issuedOn, days),
        validityDays: days,
        headName: ctx.headName,
      };
    }
    case 'refusal': {
      const app = needApplication(formId, ctx);
      const d = app.decision;
      if (d?.kind !== 'refusal') throw new FormDataError(formId, 'the application has no refusal decision');
      const entry = needEntry(formId, ctx);
      const extra = (ctx.extra ?? {}) as FormExtraMap['refusal'];
      const heldOn = extra.hearing?.heldOn;
      if (heldOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(heldOn))
        throw new FormDataError(formId, `hearing.heldOn: not a YYYY-MM-DD date: ${heldOn}`);
      return {
        office,
        service: entry.name,
        journalNo: app.journalNo,
        applicationDate: local(app.acceptedAt).date,
        applicant: { fullName: nameOf(app.applicant), address: app.applicant.address },
        // Services about the applicant (teacher attestation...) name no child even if the record carries one.
        child:
          entry.subject === 'child' && app.child && nameOf(app.child)
            ? { fullName: nameOf(app.child), birthDate: app.child.birthDate }
            : undefined,
        ground: entry.refusalGrounds.find((g) => g.code === d.groundCode)?.text ?? same(d.groundCode),
        reason: d.reason,
        executorName: ctx.executorName,
        headName: ctx.headName,
        issuedOn: today,
        hearing:
          extra.hearing && heldOn ? { heldOn, recordNo: extra.hearing.recordNo?.trim() || undefined } : undefined,
        complaintDays: {
          provider: complaintTerms(entry).providerWorkingDays,
          authority: complaintTerms(entry).authorityWorkingDays,
        },
      };
    }
    case 'camp-refusal-to-accept':
      return campRefusalToAcceptData(
        env,
        needAcceptRefusal(formId, ctx),
        (ctx.extra ?? {}) as FormExtraMap['camp-refusal-to-accept'],
      );
    case 'camp-application':
      return campApplicationData(env, inputOf(formId, ctx));
    case 'camp-referral':
      return campReferralData(env, inputOf(formId, ctx));
    case 'preliminary-refusal-notice':
      return preliminaryRefusalNoticeData(env, inputOf(formId, ctx));
    case 'hearing-record':
      return hearingRecordData(env, inputOf(formId, ctx));
    case 'guardianship-certificate':
      return guardianshipCertificateData(env, inputOf(formId, ctx));
    case 'generic-application':
      return genericApplicationData(env, inputOf(formId, ctx));
    case 'generic-result':
      return genericResultData(env, inputOf(formId, ctx));
    case 'complaint-ticket':
      return complaintTicketData(env, inputOf(formId, ctx));
    case 'technical-problem-protocol':
      return technicalProblemProtocolData(env, inputOf(formId, ctx));
  }
}
