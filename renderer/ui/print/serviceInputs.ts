/**
 * The inputs (shared/forms/inputs.ts) of the forms of services other than the
 * preschool queue, taken from a stored application: what `formDataFor`
 * expects in ctx.extra. Kept in one place so every paper of an application
 * says the same thing the record says.
 */
import { FormDataError, localParts, subjectOf, type Application, type FormId, type ServiceEntry } from '../../../shared';

type Names = { staffName: (id?: string) => string | undefined; offsetMinutes: number };

const person = (p: { lastName: string; firstName: string; middleName?: string }) => ({ lastName: p.lastName, firstName: p.firstName, middleName: p.middleName });

function applicantInput(app: Application) {
  const a = app.applicant;
  const poa = a.powerOfAttorney;
  return {
    name: person(a), iin: a.iin, address: a.address, phone: a.phone,
    ...(a.kind === 'proxy' && a.principal?.lastName && a.principal.firstName
      ? { proxy: { principal: person({ lastName: a.principal.lastName, firstName: a.principal.firstName, middleName: a.principal.middleName }), powerOfAttorney: poa ? [poa.number && `№ ${poa.number}`, poa.date, poa.notary].filter(Boolean).join(', ') : undefined } }
      : {}),
  };
}

/** The child the paper names; none for services about the applicant (the applicant block names them). */
const childInput = (app: Application) => (app.child ? { name: person(app.child), birthDate: app.child.birthDate, iin: app.child.iin } : undefined);
/** Forms that exist only for a child (camp referral, guardianship certificate): a record without one cannot fill them. */
function needChild(app: Application, form: FormId) {
  const c = childInput(app);
  if (!c) throw new FormDataError(form, 'the application names no child');
  return c;
}
const appRef = (app: Application) => ({ journalNo: app.journalNo, acceptedAt: app.acceptedAt });

/** ctx.extra for `form` of this application, or undefined when the form takes none. */
export function serviceExtra(form: FormId, app: Application, entry: ServiceEntry, names: Names): unknown {
  const d = app.decision;
  const f = app.fields ?? {};
  switch (form) {
    case 'camp-application':
      return {
        journalNo: app.journalNo, acceptedAt: app.acceptedAt, applicant: applicantInput(app), child: needChild(app, form),
        school: { number: f.schoolNumber ?? '', classLetter: f.classLetter ?? '', schoolYear: f.schoolYear ?? '' },
        statusCategory: app.statusCategory ?? null, statusDocument: app.statusDocument, consent: app.consent,
      };
    case 'generic-application':
      return { journalNo: app.journalNo, acceptedAt: app.acceptedAt, applicant: applicantInput(app), child: childInput(app), fields: f, documents: app.documents, consent: app.consent };
    case 'camp-referral':
      if (d?.kind !== 'result') return undefined;
      return {
        referralNo: d.documentNo, application: appRef(app), parent: person(app.applicant), child: needChild(app, form),
        school: { number: f.schoolNumber ?? '', classLetter: f.classLetter ?? '', schoolYear: f.schoolYear },
        statusCategory: app.statusCategory,
        camp: { name: d.camp?.name ?? '', address: d.camp?.address },
        season: d.camp?.season,
        issuedOn: signedOn(app, names.offsetMinutes),
      };
    case 'guardianship-certificate':
      if (d?.kind !== 'result' || !d.basis) return undefined;
      return {
        certificateNo: d.documentNo, issuedAt: app.steps.find((s) => s.step === 'signature')?.at,
        guardian: { name: person(app.applicant), iin: app.applicant.iin, address: app.applicant.address },
        children: [needChild(app, form)], decision: d.basis,
      };
    case 'generic-result':
      if (d?.kind !== 'result') return undefined;
      return {
        resultKind: d.resultKind, documentNo: d.documentNo, application: appRef(app), issuedOn: signedOn(app, names.offsetMinutes),
        // Without a child the result is the subject's own: whom a proxy represents, else the applicant.
        recipient: { name: person(app.child ? app.applicant : subjectOf(app)), address: app.applicant.address }, child: childInput(app), body: d.text ?? '',
      };
    case 'preliminary-refusal-notice': {
      const h = app.hearing;
      if (!h) return undefined;
      return {
        noticeNo: h.noticeNo, issuedOn: h.noticeOn, application: appRef(app),
        applicant: { name: person(app.applicant), address: app.applicant.address },
        ...(app.child ? { child: { name: person(app.child), birthDate: app.child.birthDate } } : {}),
        grounds: h.grounds, reason: h.reason, hearing: { at: h.hearingAt, ...(h.place ? { place: h.place } : {}) }, termEndsOn: h.termEndsOn,
      };
    }
    case 'hearing-record': {
      const h = app.hearing;
      const r = h?.record;
      if (!h || !r) return undefined;
      return {
        recordNo: h.noticeNo, startedAt: r.startedAt, endedAt: r.endedAt, ...(h.place ? { place: h.place } : {}),
        application: appRef(app), notice: { noticeNo: h.noticeNo, issuedOn: h.noticeOn },
        chair: { name: r.recordedByName || names.staffName(r.recordedBy) || '' },
        applicant: { name: person(app.applicant), present: r.applicantPresent },
        others: r.participants ? r.participants.split(/[;\n]/).map((x) => x.trim()).filter(Boolean).map((name) => ({ name, role: { kk: 'қатысушы', ru: 'участник' } })) : [],
        grounds: h.grounds, applicantPosition: r.applicantPosition, outcome: r.outcome,
      };
    }
    case 'refusal': {
      const r = app.hearing?.record;
      if (!r || !entry.hearing) return undefined;
      return { hearing: { heldOn: localParts(r.startedAt, names.offsetMinutes).date, recordNo: app.hearing!.noticeNo } };
    }
    default:
      return undefined;
  }
}

function signedOn(app: Application, offsetMinutes: number): string | undefined {
  const s = app.steps.find((x) => x.step === 'signature');
  return s ? localParts(s.at, offsetMinutes).date : undefined;
}

/** The papers of an application at its stage, in the order they come about. */
export function printableForms(app: Application, entry: ServiceEntry, isForm: (f: string) => f is FormId): FormId[] {
  const out: FormId[] = [];
  const add = (f: string | undefined) => { if (f && isForm(f) && !out.includes(f)) out.push(f); };
  add(entry.code === 'preschool-queue' ? 'application' : entry.forms.application);
  add('receipt');
  if (app.hearing && entry.hearing) {
    add(entry.hearing.noticeForm);
    if (app.hearing.record) add(entry.hearing.recordForm);
  }
  const d = app.decision;
  if (d) add(d.kind === 'result' ? d.form : d.kind);
  return out;
}
