/**
 * The set-up wizard's state and steps: the office profile, the staff accounts
 * (every role at least once), the kindergartens (optional), each checked here
 * before the next step and all sent to the data layer in one desk.setup() at
 * the end; or the demo office in one call. What is typed on a step survives
 * going back and forth between steps.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError, Lang, Role } from '../../../../shared';
import { desk, type DemoProgress, type SetupInput } from '../../deskClient';
import { toProblem, type Problem } from '../../errors';
import { emptyKindergarten, kindergartenProblems, type KindergartenDraft } from '../../components/KindergartenEditor';
import { emptyOffice, officeProblems, type OfficeDraft } from '../../components/OfficeForm';
import { emptyStaff, staffProblems, type StaffDraft } from '../../components/StaffForm';

export type Step = 'start' | 'office' | 'staff' | 'kindergartens';
export const STEPS: Step[] = ['start', 'office', 'staff', 'kindergartens'];
const ALL_ROLES: Role[] = ['clerk', 'head', 'executor'];

export type DemoLogin = { login: string; password: string; roles: Role[] };

/** A list being built, the entry being typed into it (kindergartens: null while none is open) and that entry's errors. */
type ListEdit<T, D = T> = { list: T[]; draft: D; errors: FieldError[] };

export function useSetup(lang: Lang, onDone: (login?: string) => void) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('start');
  const [office, setOfficeState] = useState<{ value: OfficeDraft; errors: FieldError[] }>(() => ({
    value: emptyOffice(),
    errors: [],
  }));
  const [staff, setStaffState] = useState<ListEdit<StaffDraft>>(() => ({ list: [], draft: emptyStaff(), errors: [] }));
  const [kgs, setKgState] = useState<ListEdit<KindergartenDraft, KindergartenDraft | null>>({
    list: [],
    draft: null,
    errors: [],
  });
  const [run, setRun] = useState<{ busy: boolean; problem: Problem | null }>({ busy: false, problem: null });
  const [demo, setDemo] = useState<DemoLogin[] | null>(null);
  const [demoProgress, setDemoProgress] = useState<DemoProgress | null>(null);

  async function busyWith(fn: () => Promise<void>, onError: (p: Problem) => void = () => undefined) {
    setRun({ busy: true, problem: null });
    try {
      await fn();
    } catch (e) {
      const p = toProblem(e);
      setRun((r) => ({ ...r, problem: p }));
      onError(p);
    } finally {
      setRun((r) => ({ ...r, busy: false }));
    }
  }

  const runDemo = () =>
    busyWith(
      async () => setDemo(await desk.setupDemo(lang, setDemoProgress)),
      // A failed run leaves no half-counted bar behind the error.
      () => setDemoProgress(null),
    );

  const officeStep = {
    ...office,
    change: (value: OfficeDraft) => setOfficeState((o) => ({ ...o, value })),
    next() {
      const errors = officeProblems(office.value);
      setOfficeState((o) => ({ ...o, errors }));
      if (!errors.length) setStep('staff');
    },
  };

  const staffStep = {
    ...staff,
    changeDraft: (draft: StaffDraft) => setStaffState((s) => ({ ...s, draft })),
    add() {
      const errors = staffProblems(
        staff.draft,
        staff.list.map((s) => s.login),
      );
      if (errors.length) return setStaffState((s) => ({ ...s, errors }));
      setStaffState({
        list: [...staff.list, { ...staff.draft, login: staff.draft.login.trim() }],
        draft: emptyStaff(),
        errors,
      });
    },
    remove: (i: number) => setStaffState((s) => ({ ...s, list: s.list.filter((_, j) => j !== i) })),
    next() {
      const setErrors = (errors: FieldError[]) => setStaffState((s) => ({ ...s, errors }));
      const missingRoles = ALL_ROLES.filter((r) => !staff.list.some((s) => s.roles.includes(r)));
      if (!staff.list.length) return setErrors([{ field: 'staff', code: 'setup.noStaff' }]);
      if (missingRoles.length)
        return setErrors([
          {
            field: 'staff',
            code: 'setup.rolesMissing',
            params: { roles: missingRoles.map((r) => t(`role.${r}`)).join(', ') },
          },
        ]);
      setErrors([]);
      setStep('kindergartens');
    },
  };

  const kgStep = {
    ...kgs,
    open: (draft: KindergartenDraft) => setKgState((k) => ({ ...k, draft, errors: [] })),
    openNew: () => setKgState((k) => ({ ...k, draft: emptyKindergarten(), errors: [] })),
    changeDraft: (draft: KindergartenDraft) => setKgState((k) => ({ ...k, draft })),
    cancel: () => setKgState((k) => ({ ...k, draft: null })),
    remove: (id: string | undefined) => setKgState((k) => ({ ...k, list: k.list.filter((x) => x.id !== id) })),
    save() {
      const draft = kgs.draft;
      if (!draft) return;
      const errors = kindergartenProblems(draft);
      if (errors.length) return setKgState((k) => ({ ...k, errors }));
      setKgState((k) => ({
        list:
          draft.id && k.list.some((x) => x.id === draft.id)
            ? k.list.map((x) => (x.id === draft.id ? draft : x))
            : [...k.list, { ...draft, id: draft.id ?? crypto.randomUUID() }],
        draft: null,
        errors,
      }));
    },
  };

  function finish() {
    const o = office.value;
    const input: SetupInput = {
      lang,
      office: {
        type: o.type,
        name: o.name,
        district: o.district,
        address: o.address,
        headName: o.headName.trim(),
        code: o.code.trim(),
        ...(o.phone.trim() ? { phone: o.phone.trim() } : {}),
        hours: o.hours,
      },
      staff: staff.list.map(({ fullName, login, password, roles, position }) => ({
        fullName: fullName.trim(),
        login,
        password,
        roles,
        ...(position?.trim() ? { position: position.trim() } : {}),
      })),
      kindergartens: kgs.list.map(({ id: _id, ...k }) => k),
    };
    return busyWith(
      async () => {
        await desk.setup(input);
        // Sign-in opens with the clerk's login filled in (else the first account's).
        onDone(staff.list.find((s) => s.roles.includes('clerk'))?.login ?? staff.list[0]?.login);
      },
      (p) => {
        // The office's own checks found something the form's did not: back to the office step with them.
        const officeErrors = p.fields.filter((f) => f.field.startsWith('office'));
        if (!officeErrors.length) return;
        setOfficeState((s) => ({
          ...s,
          errors: officeErrors.map((f) => ({ ...f, field: f.field.replace(/^office\./, '') })),
        }));
        setStep('office');
      },
    );
  }

  return {
    step,
    setStep,
    office: officeStep,
    staff: staffStep,
    kgs: kgStep,
    ...run,
    demo,
    demoProgress,
    runDemo,
    finish,
  };
}
