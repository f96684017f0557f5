/**
 * Everything an intake form keeps and does, in one reducer: what is typed,
 * which fields were left (so an IIN hint may show early), the last refusal
 * and its field errors, open applications found for the same subject, a
 * refusal to accept once made. The draft of the form is saved as it changes
 * (drafts.ts); registering or refusing holds the saving so nothing lands after
 * the draft is ended.
 */
import { useEffect, useReducer } from 'react';
import {
  documentContext,
  intakeHints,
  intakeRefusalFacts,
  missingDocuments,
  type AcceptRefusal,
  type Application,
  type FieldError,
  type Lang,
  type ServiceEntry,
} from '../../../../shared';
import { desk, type IntakeDraft } from '../../deskClient';
import { byField, toProblem, type Problem } from '../../errors';
import { nowIso, todayLocal } from '../../format';
import { useDraftSaver } from '../../drafts';
import { go } from '../../router';
import { useSession } from '../../session';
import {
  emptyForm,
  fromDraft,
  isEmptyForm,
  subjectIin,
  toInput,
  type ChannelDefault,
  type Edit,
  type FormState,
} from './form';

export type DraftState = 'none' | 'offered' | 'restored';

type State = {
  form: FormState;
  /** When typing began: the registration records it (the intake's own duration). */
  startedAt: string;
  touched: Record<string, boolean>;
  /** The data layer's refusal of the last attempt, field by field. */
  serverErrors: FieldError[];
  problem: Problem | null;
  busy: boolean;
  /** Open applications for the same subject, waiting for "register anyway" (null: none asked). */
  duplicates: Application[] | null;
  dupAck: boolean;
  refusal: AcceptRefusal | null;
  /** The refusal to accept waits for the clerk to confirm it (its dialog lists the missing documents). */
  confirmingRefusal: boolean;
  /** A refusal just withdrawn (undo): the form is back, with a note saying so. */
  withdrawn: AcceptRefusal | null;
  /**
   * Open applications found as soon as the subject's IIN was complete (issue #16):
   * shown next to the form before "Register", which still asks to acknowledge them.
   */
  early: { iin: string; list: Application[] } | null;
};

type Action =
  | { type: 'edit'; fields: string[]; change: (f: FormState) => FormState }
  | { type: 'touch'; field: string }
  | { type: 'reset'; form: FormState; startedAt: string }
  | { type: 'started' }
  | { type: 'ended' }
  | { type: 'failed'; problem: Problem }
  | { type: 'duplicatesFound'; list: Application[] }
  | { type: 'duplicatesClosed' }
  | { type: 'duplicatesAcknowledged'; ack: boolean }
  | { type: 'refused'; refusal: AcceptRefusal }
  | { type: 'confirmRefusal'; open: boolean }
  | { type: 'refusalWithdrawn'; refusal: AcceptRefusal }
  | { type: 'earlyDuplicates'; iin: string; list: Application[] };

const fresh = (form: FormState, startedAt: string, busy: boolean): State => ({
  form,
  startedAt,
  touched: {},
  serverErrors: [],
  problem: null,
  busy,
  duplicates: null,
  dupAck: false,
  refusal: null,
  confirmingRefusal: false,
  withdrawn: null,
  early: null,
});

function reducer(s: State, a: Action): State {
  switch (a.type) {
    case 'edit': {
      const form = a.change(s.form);
      const answered = s.serverErrors.some((e) => a.fields.includes(e.field));
      if (form === s.form && !answered) return s;
      return {
        ...s,
        form,
        serverErrors: answered ? s.serverErrors.filter((e) => !a.fields.includes(e.field)) : s.serverErrors,
      };
    }
    case 'touch':
      return { ...s, touched: { ...s.touched, [a.field]: true } };
    // A clean form; an action under way keeps its busy flag until it ends.
    case 'reset':
      return fresh(a.form, a.startedAt, s.busy);
    case 'started':
      return { ...s, busy: true, problem: null };
    case 'ended':
      return { ...s, busy: false };
    case 'failed':
      return { ...s, problem: a.problem, serverErrors: a.problem.fields };
    case 'duplicatesFound':
      return { ...s, duplicates: a.list, dupAck: false };
    case 'duplicatesClosed':
      return { ...s, duplicates: null };
    case 'duplicatesAcknowledged':
      return { ...s, dupAck: a.ack };
    case 'refused':
      return { ...s, refusal: a.refusal, serverErrors: [], confirmingRefusal: false, withdrawn: null };
    case 'confirmRefusal':
      return { ...s, confirmingRefusal: a.open };
    case 'refusalWithdrawn':
      return { ...s, refusal: null, withdrawn: a.refusal };
    case 'earlyDuplicates':
      return { ...s, early: { iin: a.iin, list: a.list } };
  }
}

type Options = {
  entry: ServiceEntry;
  uiLang: Lang;
  /** A draft taken up again. */
  initial?: IntakeDraft;
  /** While a draft is offered nothing is saved, so the offered one is not overwritten. */
  draftState: DraftState;
  /** After a refused attempt: the summary sits above the fields, so the form scrolls to it. */
  onFailed: () => void;
  /** The channel a fresh form starts with (the office's; a mobile centre's open visit). */
  channel: ChannelDefault;
};

const start = ({ entry, uiLang, initial, channel }: Options): State =>
  fresh(
    initial ? fromDraft(emptyForm(uiLang, entry, channel), initial.form) : emptyForm(uiLang, entry, channel),
    initial?.startedAt ?? nowIso(),
    false,
  );

export function useIntakeForm(options: Options) {
  const { entry, uiLang, draftState, onFailed, channel } = options;
  const { session } = useSession();
  // The form is keyed by service and draft answer (Intake), so the first options are the only ones it starts from.
  const [state, dispatch] = useReducer(reducer, options, start);
  const { form, startedAt, touched, serverErrors, refusal } = state;
  const draft = useDraftSaver(
    { serviceCode: entry.code, form, startedAt, empty: isEmptyForm(form, entry, channel) },
    draftState !== 'offered',
  );

  const today = todayLocal(session.office);
  const input = toInput(form, entry, { today, offsetMinutes: session.office.utcOffsetMinutes });
  const docCtx = documentContext(input);
  // No memo: a filter over the entry's handful of documents.
  const missing = missingDocuments(entry, form.documents, docCtx);
  // Early hints shown before "Register": the data layer's own rules, as far as what is typed tells.
  const live = intakeHints(input, entry, today, (field) => !!touched[field]);
  const server = byField(serverErrors);
  const liveBy = byField(live);
  const err = (field: string): FieldError | undefined => server[field] ?? liveBy[field];
  const allErrors = [...serverErrors, ...live.filter((l) => !server[l.field])];
  // Facts that do not block "Register" but make the decision a reasoned refusal (issue #15, R-01).
  const warnings = intakeRefusalFacts(input, entry, today);
  const warnBy = byField(warnings);
  const warn = (field: string): FieldError | undefined => warnBy[field];

  // The duplicate check "Register" runs, run as soon as the subject's IIN is complete and valid,
  // so the clerk sees an open application before typing the rest (issue #16). A failed look-up
  // shows nothing here: "Register" asks again and reports it.
  const subject = subjectIin(input);
  useEffect(() => {
    if (!subject) return;
    let live = true;
    desk
      .openApplicationsForSubject(subject, entry.code)
      .then((list) => live && dispatch({ type: 'earlyDuplicates', iin: subject, list }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [subject, entry.code]);
  const earlyDuplicates = subject && state.early?.iin === subject && state.early.list.length ? state.early.list : null;

  const edit: Edit = (fields, change) => dispatch({ type: 'edit', fields, change });
  const touch = (field: string) => () => dispatch({ type: 'touch', field });

  function reset() {
    // After a refusal to accept saving was held: the new, empty form is what counts (and removes any draft).
    if (refusal) draft.resume();
    dispatch({ type: 'reset', form: emptyForm(uiLang, entry, channel), startedAt: nowIso() });
  }

  function failed(problem: Problem) {
    dispatch({ type: 'failed', problem });
    onFailed();
  }

  async function register(acknowledged: boolean) {
    dispatch({ type: 'started' });
    // No draft save may land after the registration ends the draft; saving resumes if it fails.
    await draft.hold();
    let done = false;
    const subject = subjectIin(input);
    try {
      if (!acknowledged && subject) {
        const open = await desk.openApplicationsForSubject(subject, entry.code);
        if (open.length) {
          dispatch({ type: 'duplicatesFound', list: open });
          return;
        }
      }
      const app = await desk.register(input, { startedAt, acknowledgeDuplicate: acknowledged });
      done = true;
      go({ name: 'application', id: app.id });
    } catch (e) {
      const p = toProblem(e);
      if (p.code === 'duplicate.open' && subject) {
        const open = await desk.openApplicationsForSubject(subject, entry.code).catch(() => []);
        if (open.length) {
          dispatch({ type: 'duplicatesFound', list: open });
          return;
        }
      }
      failed(p);
    } finally {
      dispatch({ type: 'ended' });
      if (!done) draft.resume();
    }
  }

  async function refuse() {
    dispatch({ type: 'confirmRefusal', open: false });
    dispatch({ type: 'started' });
    // The refusal ends the draft (the data layer drops it); a new form after it saves again (reset).
    await draft.hold();
    try {
      dispatch({
        type: 'refused',
        refusal: await desk.refuseToAccept(
          input,
          missing.map((d) => d.code),
        ),
      });
    } catch (e) {
      draft.resume();
      failed(toProblem(e));
    } finally {
      dispatch({ type: 'ended' });
    }
  }

  /** Undoes the refusal just made: the data layer marks it withdrawn; the typed form is back and saved again. */
  async function undoRefusal() {
    if (!refusal) return;
    dispatch({ type: 'started' });
    try {
      const withdrawn = await desk.withdrawRefusal(refusal.id);
      dispatch({ type: 'refusalWithdrawn', refusal: withdrawn });
      draft.resume();
    } catch (e) {
      // Shown in the refusal's dialog, which stays open: the refusal stands.
      dispatch({ type: 'failed', problem: toProblem(e) });
    } finally {
      dispatch({ type: 'ended' });
    }
  }

  return {
    ...state,
    earlyDuplicates,
    draft,
    today,
    docCtx,
    missing,
    allErrors,
    warnings,
    warn,
    err,
    edit,
    touch,
    reset,
    register,
    refuse,
    undoRefusal,
    askRefusal: (open: boolean) => dispatch({ type: 'confirmRefusal', open }),
    closeDuplicates: () => dispatch({ type: 'duplicatesClosed' }),
    acknowledgeDuplicates: (ack: boolean) => dispatch({ type: 'duplicatesAcknowledged', ack }),
    registerAnyway: () => {
      dispatch({ type: 'duplicatesClosed' });
      void register(true);
    },
  };
}
