/**
 * The one print pipeline: from a stored record, the office, the catalog entry
 * and the office's reference lists (kindergartens, staff names) to the data of
 * any of its forms. The desk hands the result to pdfmake in the browser; the
 * district server can print the very same papers (reports, certificates)
 * from its own copy of the records. Nothing a paper says is decided by the
 * caller: which forms an application has at its stage, whom a proxy
 * represents, how a power of attorney or a date reads.
 *
 * formDataFor (data.ts) reads the preschool forms straight from the record;
 * the forms of the other services take an explicit input (inputs.ts), which
 * `serviceInput` below makes from the record.
 */
import type { ServiceEntry } from '../catalog/schema';
import type { AcceptRefusal, Application } from '../model/application';
import type { Complaint, TechProtocol } from '../model/complaint';
import type { Kindergarten, Staff } from '../model/office';
import { subjectOf } from '../model/application';
import { KZ_UTC_OFFSET_MINUTES, localParts } from '../time';
import { formDataFor, type BaseContext, type FormContext, type FormId } from './data';
import { FormDataError } from './errors';
import { isFormId } from './ids';
import { formOffice } from './office';
import type { ApplicantInput, ChildInput } from './inputs';
import { powerOfAttorneyWords } from './records';
import { officePlace } from './serviceData';
import type { ComplaintTicketFormData, FormDataMap, TechnicalProblemProtocolFormData } from './types';

/** What every printed paper needs besides its record: the office, who prints, when (the head's name is the office's). */
export type OfficeSources = Pick<BaseContext, 'office' | 'staffName' | 'now'>;

/** What an application's papers need besides the record, gathered by whoever prints (the desk's database, the district's). */
export type PrintSources = OfficeSources &
  Pick<FormContext, 'entry' | 'queuePosition' | 'queueAsOf' | 'queueAge'> & {
    /** The office's kindergartens: the ones an application names, the one a referral sends to. */
    kindergartens?: Kindergarten[];
    /** Names of the office's staff: the executor on a notification or refusal, who chaired a hearing. */
    staff?: ReadonlyArray<Pick<Staff, 'id' | 'fullName'>>;
  };

const isApplication = (r: Application | AcceptRefusal): r is Application => 'journalNo' in r;

/**
 * The data of `form` for an application or a refusal to accept: what
 * buildForm(form, data, lang) lays out. (Complaints and technical protocols
 * have their own below.)
 */
export function recordFormData<F extends FormId>(
  form: F,
  record: Application | AcceptRefusal,
  src: PrintSources,
): FormDataMap[F] {
  const staffName = (id?: string) => (id ? src.staff?.find((s) => s.id === id)?.fullName : undefined);
  const offset = src.office.utcOffsetMinutes ?? KZ_UTC_OFFSET_MINUTES;
  const app = isApplication(record) ? record : undefined;
  const extra = app ? serviceInput(form, app, src.entry, staffName, offset) : undefined;
  return formDataFor(form, {
    app: record,
    office: src.office,
    kindergartens: src.kindergartens ?? [],
    entry: src.entry,
    staffName: src.staffName,
    headName: src.office.headName,
    executorName: staffName(app?.executorId),
    ...(src.queuePosition !== undefined ? { queuePosition: src.queuePosition } : {}),
    ...(src.queueAsOf !== undefined ? { queueAsOf: src.queueAsOf } : {}),
    ...(src.queueAge !== undefined ? { queueAge: src.queueAge } : {}),
    now: src.now,
    ...(extra !== undefined ? { extra } : {}),
  } as never);
}

/** The papers of an application at its stage, in the order they come about. */
export function printableForms(app: Application, entry: ServiceEntry): FormId[] {
  const out: FormId[] = [];
  const add = (f: string | undefined) => {
    if (f && isFormId(f) && !out.includes(f)) out.push(f);
  };
  add(entry.forms.application);
  add('receipt');
  if (app.hearing && entry.hearing) {
    add(entry.hearing.noticeForm);
    if (app.hearing.record) add(entry.hearing.recordForm);
  }
  const d = app.decision;
  if (d) add(d.kind === 'result' ? d.form : d.kind);
  return out;
}

/** The ticket given on accepting a complaint, from the complaint as recorded. */
export function complaintTicketFormData(
  c: Complaint,
  src: OfficeSources & { entry?: ServiceEntry },
): ComplaintTicketFormData {
  return formDataFor('complaint-ticket', {
    office: src.office,
    staffName: src.staffName,
    headName: src.office.headName,
    now: src.now,
    ...(src.entry ? { entry: src.entry } : {}),
    extra: {
      incomingNo: c.incomingNo,
      acceptedAt: c.receivedAt,
      receiverName: c.receivedByName,
      complainant: { name: c.complainant.fullName, address: c.complainant.address, phone: c.complainant.phone },
      subject: c.subject,
      against: c.against,
      answerBy: localParts(c.dueAt, src.office.utcOffsetMinutes ?? KZ_UTC_OFFSET_MINUTES).date,
      // Seed 002: the ticket says by when and where the answer is collected (F-23): at the office that took it in.
      answerPlace: officePlace(formOffice(src.office)),
    },
  });
}

/** The protocol of a technical problem, from the protocol as recorded. */
export function techProtocolFormData(p: TechProtocol, src: OfficeSources): TechnicalProblemProtocolFormData {
  return formDataFor('technical-problem-protocol', {
    office: src.office,
    staffName: src.staffName,
    headName: src.office.headName,
    now: src.now,
    extra: {
      protocolNo: p.protocolNo,
      drawnAt: p.drawnAt,
      system: p.system,
      failure: p.failure,
      since: p.since,
      detectedBy: p.detectedBy,
      notifiedAt: p.notifiedAt,
      affected: p.affected,
      measures: p.measures,
      restoredAt: p.restoredAt,
      recordedBy: { name: p.recordedBy.name, position: p.recordedBy.position },
      ...(p.signerName ? { signer: { name: p.signerName } } : {}),
    },
  });
}

const person = (p: { lastName: string; firstName: string; middleName?: string }) => ({
  lastName: p.lastName,
  firstName: p.firstName,
  middleName: p.middleName,
});

function applicantInput(app: Application): ApplicantInput {
  const a = app.applicant;
  return {
    name: person(a),
    iin: a.iin,
    address: a.address,
    phone: a.phone,
    ...(a.kind === 'proxy' && a.principal?.lastName && a.principal.firstName
      ? {
          proxy: {
            principal: person({
              lastName: a.principal.lastName,
              firstName: a.principal.firstName,
              middleName: a.principal.middleName,
            }),
            powerOfAttorney: powerOfAttorneyWords(a.powerOfAttorney),
          },
        }
      : {}),
  };
}

/** The child the paper names; none for services about the applicant (the applicant block names them). */
const childInput = (app: Application): ChildInput | undefined =>
  app.child ? { name: person(app.child), birthDate: app.child.birthDate, iin: app.child.iin } : undefined;
/** Forms that exist only for a child (camp referral, guardianship certificate): a record without one cannot fill them. */
function needChild(app: Application, form: FormId): ChildInput {
  const c = childInput(app);
  if (!c) throw new FormDataError(form, 'the application names no child');
  return c;
}
const appRef = (app: Application) => ({ journalNo: app.journalNo, acceptedAt: app.acceptedAt });

function signedOn(app: Application, offsetMinutes: number): string | undefined {
  const s = app.steps.find((x) => x.step === 'signature');
  return s ? localParts(s.at, offsetMinutes).date : undefined;
}

/**
 * The input (inputs.ts) of `form` of this application: what formDataFor
 * expects in ctx.extra for the forms of the other services, or undefined
 * where the form takes none (the preschool forms read the record itself) or
 * the record has not come that far (no result, no hearing yet).
 */
function serviceInput(
  form: FormId,
  app: Application,
  entry: ServiceEntry,
  staffName: (id?: string) => string | undefined,
  offsetMinutes: number,
): unknown {
  const d = app.decision;
  const f = app.fields ?? {};
  switch (form) {
    case 'camp-application':
      return {
        journalNo: app.journalNo,
        acceptedAt: app.acceptedAt,
        applicant: applicantInput(app),
        child: needChild(app, form),
        school: { number: f.schoolNumber ?? '', classLetter: f.classLetter ?? '', schoolYear: f.schoolYear ?? '' },
        statusCategory: app.statusCategory ?? null,
        statusDocument: app.statusDocument,
        consent: app.consent,
      };
    case 'generic-application':
      return {
        journalNo: app.journalNo,
        acceptedAt: app.acceptedAt,
        applicant: applicantInput(app),
        child: childInput(app),
        fields: f,
        documents: app.documents,
        consent: app.consent,
      };
    case 'camp-referral':
      if (d?.kind !== 'result') return undefined;
      return {
        referralNo: d.documentNo,
        application: appRef(app),
        parent: person(app.applicant),
        child: needChild(app, form),
        school: { number: f.schoolNumber ?? '', classLetter: f.classLetter ?? '', schoolYear: f.schoolYear },
        statusCategory: app.statusCategory,
        camp: { name: d.camp?.name ?? '', address: d.camp?.address },
        season: d.camp?.season,
        issuedOn: signedOn(app, offsetMinutes),
      };
    case 'guardianship-certificate':
      if (d?.kind !== 'result' || !d.basis) return undefined;
      return {
        certificateNo: d.documentNo,
        issuedAt: app.steps.find((s) => s.step === 'signature')?.at,
        guardian: { name: person(app.applicant), iin: app.applicant.iin, address: app.applicant.address },
        children: [needChild(app, form)],
        decision: d.basis,
      };
    case 'generic-result':
      if (d?.kind !== 'result') return undefined;
      return {
        resultKind: d.resultKind,
        documentNo: d.documentNo,
        application: appRef(app),
        issuedOn: signedOn(app, offsetMinutes),
        // Without a child the result is the subject's own: whom a proxy represents, else the applicant.
        recipient: { name: person(app.child ? app.applicant : subjectOf(app)), address: app.applicant.address },
        child: childInput(app),
        body: d.text ?? '',
      };
    case 'preliminary-refusal-notice': {
      const h = app.hearing;
      if (!h) return undefined;
      return {
        noticeNo: h.noticeNo,
        issuedOn: h.noticeOn,
        application: appRef(app),
        applicant: { name: person(app.applicant), address: app.applicant.address },
        ...(app.child ? { child: { name: person(app.child), birthDate: app.child.birthDate } } : {}),
        grounds: h.grounds,
        reason: h.reason,
        hearing: { at: h.hearingAt, ...(h.place ? { place: h.place } : {}) },
        termEndsOn: h.termEndsOn,
      };
    }
    case 'hearing-record': {
      const h = app.hearing;
      const r = h?.record;
      if (!h || !r) return undefined;
      return {
        recordNo: h.noticeNo,
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        ...(h.place ? { place: h.place } : {}),
        application: appRef(app),
        notice: { noticeNo: h.noticeNo, issuedOn: h.noticeOn },
        chair: { name: r.recordedByName || staffName(r.recordedBy) || '' },
        applicant: { name: person(app.applicant), present: r.applicantPresent },
        others: r.participants
          ? r.participants
              .split(/[;\n]/)
              .map((x) => x.trim())
              .filter(Boolean)
              .map((name) => ({ name, role: { kk: 'қатысушы', ru: 'участник' } }))
          : [],
        grounds: h.grounds,
        applicantPosition: r.applicantPosition,
        outcome: r.outcome,
      };
    }
    case 'refusal': {
      const h = app.hearing;
      if (!h?.record || !entry.hearing) return undefined;
      return { hearing: { heldOn: localParts(h.record.startedAt, offsetMinutes).date, recordNo: h.noticeNo } };
    }
    default:
      return undefined;
  }
}
