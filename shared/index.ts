/** The one entry point of shared/: domain rules used by the desk, the shell and the server alike. */
export * from './iin';
export * from './time';
export * from './calendar/calendar';
export * from './deadlines';
export * from './text/normalize';
export * from './format/dates';
export * from './model/common';
export * from './model/office';
export * from './model/application';
export * from './catalog/index';
export * from './workflow/machine';
export * from './queue/queue';
export * from './intake/validate';
export * from './auth/password';
export * from './ids';
export { buildForm, FORM_IDS, type FormId } from './forms/index';
export * from './sync/hlc';
export * from './sync/ops';
