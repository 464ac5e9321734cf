export { NOTE_LABEL } from './csv';
export { FORMATS, reportFileName, type ReportFormat } from './formats';
export { ReportError, type ReportSource } from './graphql';
export * as labels from './labels';
export { consolidatedReport, parseYear, type Report } from './report';
export { COLUMNS, type ReportRow } from './rows';
export { BINDING_VOTE_COLUMNS, BINDING_VOTES_TITLE, type BindingVoteRow } from './binding-rows';
export { NOTES_SHEET } from './xlsx';
