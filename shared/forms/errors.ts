import type { FormDataMap } from './types';

/** A record or input that cannot make the form: said before anything is laid out, naming the form. */
export class FormDataError extends Error {
  constructor(
    readonly formId: keyof FormDataMap,
    message: string,
  ) {
    super(`${formId}: ${message}`);
  }
}
