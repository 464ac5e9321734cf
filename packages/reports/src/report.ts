import { readConsolidated } from './consolidated';
import type { ReportSource } from './graphql';
import { bindingVoteRows, type BindingVoteRow } from './binding-rows';
import { reportRows, type ReportRow } from './rows';

export interface Report {
  year: number;
  generatedAt: Date;
  rows: ReportRow[];
  /** The People's Council's binding votes of the year (R8), a table of their own. */
  bindingVotes: BindingVoteRow[];
  /** Why the data is incomplete; empty when every line answered. */
  notes: string[];
}

/** The Organisation Board's consolidated report of a year, made from the GraphQL view it summarises. */
export async function consolidatedReport(source: ReportSource, year: number): Promise<Report> {
  const data = await readConsolidated(source, year);
  return {
    year,
    generatedAt: new Date(),
    rows: reportRows(year, data.officials, data.followUps),
    bindingVotes: bindingVoteRows(year, data.officials, data.followUps),
    notes: data.notes,
  };
}

/** A year as typed by a person: four digits, nothing else. */
export function parseYear(raw: string | null | undefined): number | null {
  return raw && /^\d{4}$/.test(raw.trim()) ? Number(raw.trim()) : null;
}
