/**
 * A small hand-built district for the report export and PDF tests: two offices,
 * three catalog services, events whose sums are known (worked out in the comments).
 */
import { builtInCatalog, type BiText, type ReportEvent, type ReportService } from '../../shared';

export const OFFICES: Record<string, BiText> = {
  o1: { kk: 'Ақсу ауылдық округі әкімінің аппараты', ru: 'Аппарат акима Аксуского сельского округа' },
  o2: { kk: 'Көктөбе ауылы әкімінің аппараты', ru: 'Аппарат акима села Коктобе' },
};
export const officeName = (id: string): BiText | undefined => OFFICES[id];

export const SERVICE_CODES = ['preschool-queue', 'school-meals', 'guardianship-certificate'] as const;
/** In catalog order, as the report lists them. */
export const SERVICES: ReportService[] = builtInCatalog.filter((e) =>
  (SERVICE_CODES as readonly string[]).includes(e.code),
);
export const serviceName = (code: string): BiText | undefined => SERVICES.find((s) => s.code === code)?.name;

const app = (id: string, officeId: string, serviceCode: string, channel: ReportEvent['channel']) => ({
  id,
  officeId,
  serviceCode,
  channel,
  n: 1,
  applicationId: id,
  journalNo: `J-${id}`,
});

/**
 * Delivered in 2025: 11 = by the provider 3 (a1 at the office, a2 by the mobile
 * centre, a3 at the office) + State Corporation 5 + portal 3.
 * preschool-queue 2 + 3 = 5, guardianship-certificate 5, school-meals 1.
 * In the system: 3 delivered, 2 on time (a1, a3), 1 late (a2, a refusal); 1 overdue open (a4);
 * 1 refusal to accept; 1 complaint, justified, answered on time; 1 late arrival (a3's delivery).
 */
export const EVENTS: ReportEvent[] = [
  { ...app('a1', 'o1', 'preschool-queue', 'office'), kind: 'accepted', month: '2025-01', waited: 10, waitNorm: 30 },
  {
    ...app('a1', 'o1', 'preschool-queue', 'office'),
    kind: 'delivered',
    month: '2025-01',
    outcome: 'result',
    onTime: true,
  },
  { ...app('a2', 'o1', 'preschool-queue', 'mobile'), kind: 'accepted', month: '2025-02', waited: 45, waitNorm: 30 },
  {
    ...app('a2', 'o1', 'preschool-queue', 'mobile'),
    kind: 'delivered',
    month: '2025-02',
    outcome: 'refusal',
    onTime: false,
  },
  { ...app('a3', 'o2', 'school-meals', 'office'), kind: 'accepted', month: '2025-02' },
  {
    ...app('a3', 'o2', 'school-meals', 'office'),
    kind: 'delivered',
    month: '2025-04',
    lateFrom: '2025-03',
    outcome: 'result',
    onTime: true,
  },
  { ...app('a4', 'o2', 'school-meals', 'office'), kind: 'accepted', month: '2025-03' },
  { ...app('a4', 'o2', 'school-meals', 'office'), kind: 'overdue', month: '2025-12' },
  {
    kind: 'outside',
    id: 'o2/guardianship-certificate/2025-03/stateCorporation',
    month: '2025-03',
    officeId: 'o2',
    serviceCode: 'guardianship-certificate',
    channel: 'stateCorporation',
    n: 5,
  },
  {
    kind: 'outside',
    id: 'o1/preschool-queue/2025-03/portal',
    month: '2025-03',
    officeId: 'o1',
    serviceCode: 'preschool-queue',
    channel: 'portal',
    n: 3,
  },
  {
    kind: 'refusedToAccept',
    id: 'r1',
    month: '2025-01',
    officeId: 'o1',
    serviceCode: 'preschool-queue',
    channel: 'office',
    n: 1,
  },
  {
    kind: 'complaint',
    id: 'c1',
    month: '2025-02',
    officeId: 'o2',
    serviceCode: 'school-meals',
    channel: 'office',
    n: 1,
    open: false,
    onTime: true,
    justified: true,
  },
];

export const MONTHS_2025 = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
export const CATALOG_ORDER = builtInCatalog.map((e) => e.code);
