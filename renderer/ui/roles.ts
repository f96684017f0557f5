/**
 * Which buttons a person is offered. The data layer refuses the same actions
 * on its own; these keep people from being shown doors that will not open.
 * Step actions on an application follow canTakeStep (shared/workflow).
 */
import { stepRole, type Role } from '../../shared';
import { desk } from './deskClient';

/**
 * Whether the person takes in applications: they take the accept step of some
 * service, as the catalog says (the clerk in every shipped one). The intake
 * form then asks for that service's role again.
 */
export const canAccept = (roles: readonly Role[]): boolean =>
  desk.catalog().some((e) => roles.includes(stepRole(e, 'accept')));
/** Returning children whose referrals lapsed to the queue: the office's own housekeeping. */
export const canExpireReferrals = (roles: readonly Role[]): boolean =>
  roles.includes('clerk') || roles.includes('head');
/** The whole database leaves the building in a backup: the head answers for that. */
export const canBackup = (roles: readonly Role[]): boolean => roles.includes('head');
/** Office profile, idle lock time and staff accounts. */
export const canEditOffice = (roles: readonly Role[]): boolean => roles.includes('head');
/** The service catalog of a standalone office (terms, documents, age limits): the head answers for the office's papers. */
export const canEditCatalog = (roles: readonly Role[]): boolean => roles.includes('head');
