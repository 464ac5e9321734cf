import { In, type DataSource } from 'typeorm';
import type { AgencyConfig } from '../agency';
import { Nominee, Round } from '../entities';
import type { ConfidenceResult } from '../graphql/types';
import { roundResults } from './results';
import { tallyHistory } from './tally';

export interface PublishedResultFilter {
  year?: number | null;
  officialCodes?: readonly string[];
  nomineeIds?: readonly string[];
}

/**
 * Published results, computed from the minutes that count. Four SQL queries
 * whatever the number of results: nominees with their published rounds, the
 * rounds, and the rounds' minutes (entries, lines, confirmations).
 */
export async function publishedResults(db: DataSource, agency: AgencyConfig, filter: PublishedResultFilter): Promise<ConfidenceResult[]> {
  const query = db
    .getRepository(Nominee)
    .createQueryBuilder('n')
    .innerJoin(Round, 'r', 'r.id = n.round_id')
    .where(`r.status = 'PUBLISHED'`);
  if (filter.year != null) query.andWhere('r.year = :year', { year: filter.year });
  if (filter.officialCodes) query.andWhere('n.official_code = ANY(:codes)', { codes: [...filter.officialCodes] });
  if (filter.nomineeIds) query.andWhere('n.id = ANY(:ids::uuid[])', { ids: [...filter.nomineeIds] });
  const polled = await query.orderBy('n.ballot_order', 'ASC').getMany();
  const roundIds = [...new Set(polled.map((n) => n.roundId))];
  if (roundIds.length === 0) return [];
  const [rounds, histories] = await Promise.all([
    db.getRepository(Round).find({ where: { id: In(roundIds) }, order: { year: 'ASC', publishedAt: 'ASC' } }),
    tallyHistory(db.manager, roundIds),
  ]);
  return rounds.flatMap((round) =>
    roundResults(agency, round, polled.filter((n) => n.roundId === round.id), histories.get(round.id) ?? []),
  );
}
