import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { AgencyConfig } from '../agency';
import { Nominee, Round } from '../entities';
import { roundResults } from '../rounds/results';
import { tallyHistory, type RecordedEntry } from '../rounds/tally';
import type { ConfidenceResult } from './types';

/** Per-request batching: a list of any length costs a fixed number of SQL queries. */
export interface VotingLoaders {
  nominees: DataLoader<string, Nominee[]>;
  history: DataLoader<string, RecordedEntry[]>;
  publishedResults: DataLoader<string, ConfidenceResult[]>;
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
  const publishedResults = new DataLoader<string, ConfidenceResult[]>(async (codes) => {
    const polled = await db
      .getRepository(Nominee)
      .createQueryBuilder('n')
      .innerJoin(Round, 'r', 'r.id = n.round_id')
      .where('n.official_code = ANY(:codes)', { codes: [...codes] })
      .andWhere(`r.status = 'PUBLISHED'`)
      .getMany();
    const roundIds = [...new Set(polled.map((n) => n.roundId))];
    const [rounds, histories] = await Promise.all([
      roundIds.length ? db.getRepository(Round).find({ where: { id: In(roundIds) }, order: { year: 'ASC', publishedAt: 'ASC' } }) : [],
      tallyHistory(db.manager, roundIds),
    ]);
    const results = rounds.flatMap((round) =>
      roundResults(agency, round, polled.filter((n) => n.roundId === round.id), histories.get(round.id) ?? []),
    );
    return codes.map((code) => results.filter((r) => r.officialCode === code));
  });
  return { nominees, history, publishedResults };
}
