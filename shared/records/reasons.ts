/**
 * Every reason the server can give for refusing an op (quarantine), each with
 * its text under errors:quarantine.* in both locales (a unit test checks).
 * The server refuses only with these, so a laptop always shows a translated
 * reason, and a hostile op cannot make the server say anything else.
 */
export const QUARANTINE_REASONS = [
  'validation',
  'scope.office',
  'scope.officeChange',
  'scope.districtOnly',
  'staff.unknown',
  'staff.otherOffice',
  'staff.wrongRole',
  'staff.roleOffice',
  'staff.notOwn',
  'office.unknown',
  'catalog.unknownService',
  'service.notForOffice',
  'service.notIssuer',
  'visit.notMobile',
  'kindergarten.noAgeGroup',
  'workflow.wrongState',
  'workflow.wrongRole',
  'workflow.notAssignedExecutor',
  'workflow.badTarget',
  'op.stepMissing',
  'op.kindUnsupported',
  'op.seqReused',
  'op.unreadable',
  'record.notFound',
  'record.uniqueViolation',
  'server.error',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];
