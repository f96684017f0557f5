/**
 * A half-typed application is kept as a draft while it is typed (issue #11):
 * saved through the desk API (sealed there) a moment after each change, at
 * once when the screen closes or the page is hidden, and before the idle lock
 * or a sign-out takes the keys or the session away (App calls flushDrafts()).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { desk } from './deskClient';
import { toProblem, type Problem } from './errors';

/** Long enough not to seal on every key, short enough that a reload rarely finds a change unsaved. */
const SAVE_AFTER_MS = 400;
/** The idle lock waits for a draft at most this long: a lock must never hang on a save. */
const FLUSH_LIMIT_MS = 3000;

const flushers = new Set<() => Promise<void>>();

/** Saves every open form's unsaved changes now; resolves when done, or after FLUSH_LIMIT_MS. */
export async function flushDrafts(): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((r) => {
    timer = setTimeout(r, FLUSH_LIMIT_MS);
  });
  await Promise.race([Promise.all([...flushers].map((f) => f().catch(() => undefined))), limit]);
  clearTimeout(timer);
}

/** What a form keeps: `empty` (nothing typed) removes the draft instead of saving one. */
export type DraftValue = { serviceCode: string; form: unknown; startedAt: string; empty: boolean };

export type DraftSaver = {
  /** When this form's draft was last saved (null: none saved by it yet). */
  savedAt: string | null;
  problem: Problem | null;
  /** Stops saving and waits for a save under way: the form is being registered or refused. */
  hold: () => Promise<void>;
  /** Saving again (the registration failed, or a new form starts): the state after this render is saved. */
  resume: () => void;
};

const signature = (v: DraftValue) => JSON.stringify([v.serviceCode, v.form]);

/** `enabled` false while the person has not yet answered the offer of an older draft (nothing is overwritten). */
export function useDraftSaver(value: DraftValue, enabled: boolean): DraftSaver {
  const latest = useRef(value);
  // Kept current as each render commits, before the effects below and any save they or a flush start.
  useLayoutEffect(() => {
    latest.current = value;
  });
  // What is in storage as far as this form knows: changes are saved only when they differ.
  const stored = useRef(signature(value));
  const held = useRef(!enabled);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<void>>(Promise.resolve());
  const mounted = useRef(true);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const save = useCallback((): Promise<void> => {
    clearTimeout(timer.current);
    const v = latest.current;
    const sig = signature(v);
    if (held.current || sig === stored.current) return inFlight.current;
    stored.current = sig;
    // Called at once, not queued here: the desk runs draft calls in order, so the next screen's read sees this.
    const call = v.empty
      ? desk.discardDraft().then(() => null)
      : desk.saveDraft({ serviceCode: v.serviceCode, form: v.form, startedAt: v.startedAt });
    inFlight.current = call.then(
      (d) => {
        if (mounted.current) {
          setSavedAt(d?.savedAt ?? null);
          setProblem(null);
        }
      },
      (e: unknown) => {
        // Not saved: tried again with the next change.
        if (stored.current === sig) stored.current = '';
        if (mounted.current) setProblem(toProblem(e));
      },
    );
    return inFlight.current;
  }, []);

  useEffect(() => {
    if (held.current || signature(latest.current) === stored.current) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), SAVE_AFTER_MS);
  }, [value.serviceCode, value.form, value.startedAt, save]);

  useEffect(() => {
    if (enabled) held.current = false;
  }, [enabled]);

  useEffect(() => {
    mounted.current = true;
    const onHide = () => void save();
    flushers.add(save);
    window.addEventListener('pagehide', onHide);
    return () => {
      flushers.delete(save);
      window.removeEventListener('pagehide', onHide);
      mounted.current = false;
      // Leaving the screen: what was typed since the last save goes now.
      void save();
    };
  }, [save]);

  const hold = useCallback(() => {
    clearTimeout(timer.current);
    held.current = true;
    return inFlight.current;
  }, []);
  const resume = useCallback(() => {
    held.current = false;
    stored.current = '';
    // After the next render: a form reset in the same handler is what must be saved, not the one before it.
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), SAVE_AFTER_MS);
  }, [save]);

  return { savedAt, problem, hold, resume };
}
