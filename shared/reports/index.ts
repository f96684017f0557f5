/** Reports (issue #14): channels, report events, periods and their close, the sums every report shows, the district's narrative sections, and the tables, charts and PDFs they are shown as. */
export * from './channel';
export * from './events';
export * from './periods';
export * from './aggregate';
export * from './table';
export * from './labels';
export * from './tables';
export * from './charts';
export * from './pdf';
export * from './narrative';
export * from './api';
