import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { AgencyConfig } from '../agency';
import { Nominee } from '../entities';
import { publishedBindingVotes, publishedResults } from '../rounds/published';
import { tallyHistory, type RecordedEntry } from '../rounds/tally';
import type { BindingVoteResult, ConfidenceResult } from './types';

/** Per-request batching: a list of any length costs a fixed number of SQL queries. */
export interface VotingLoaders {
  nominees: DataLoader<string, Nominee[]>;
  history: DataLoader<string, RecordedEntry[]>;
  publishedResults: DataLoader<string, ConfidenceResult[]>;
  publishedBindingVotes: DataLoader<string, BindingVoteResult[]>;
  ballotsCast: DataLoader<string, number>;
}

export function createLoaders(db: DataSource, agency: AgencyConfig): VotingLoaders {
  const nominees = new DataLoader<string, Nominee[]>(async (roundIds) => {
    const rows = await db.getRepository(Nominee).find({ where: { roundId: In([...roundIds]) }, order: { ballotOrder: 'ASC' } });
    return roundIds.map((id) => rows.filter((n) => n.roundId === id));
  });
  const history = new DataLoader<string, RecordedEntry[]>(async (roundIds) => {
    const byRound = await tallyHistory(db.manager, roundIds);
    return roundIds.map((id) => byRound.get(id) ?? []);
  });
  const publishedResultsOf = new DataLoader<string, ConfidenceResult[]>(async (codes) => {
    const results = await publishedResults(db, agency, { officialCodes: codes });
    return codes.map((code) => results.filter((r) => r.officialCode === code));
  });
  const publishedBindingVotesOf = new DataLoader<string, BindingVoteResult[]>(async (codes) => {
    const results = await publishedBindingVotes(db, agency, { officialCodes: codes });
    return codes.map((code) => results.filter((r) => r.officialCode === code));
  });
  const ballotsCast = new DataLoader<string, number>(async (roundIds) => {
    const rows = (await db.query(
      `SELECT round_id, count(*)::int AS n FROM ballot WHERE round_id = ANY($1::uuid[]) GROUP BY round_id`,
      [[...roundIds]],
    )) as { round_id: string; n: number }[];
    return roundIds.map((id) => rows.find((r) => r.round_id === id)?.n ?? 0);
  });
  return { nominees, history, publishedResults: publishedResultsOf, publishedBindingVotes: publishedBindingVotesOf, ballotsCast };
}
