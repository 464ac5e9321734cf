import { In, type DataSource } from 'typeorm';
import type { AgencyConfig } from '../agency';
import { Nominee, Round } from '../entities';
import type { RoundKind } from '../graphql/enums';
import type { BindingVoteResult, ConfidenceResult } from '../graphql/types';
import { bindingRoundResults, roundResults } from './results';
import { tallyHistory, type RecordedEntry } from './tally';

export interface PublishedResultFilter {
  year?: number | null;
  officialCodes?: readonly string[];
  nomineeIds?: readonly string[];
}

/** Published confidence-poll results, computed from the minutes that count. */
export async function publishedResults(db: DataSource, agency: AgencyConfig, filter: PublishedResultFilter): Promise<ConfidenceResult[]> {
  const { rounds, polled, histories } = await publishedRounds(db, 'CONFIDENCE_POLL', filter);
  return rounds.flatMap((round) =>
    roundResults(agency, round, polled.filter((n) => n.roundId === round.id), histories.get(round.id) ?? []),
  );
}

/** Published binding votes (R8), computed from the minutes that count. */
export async function publishedBindingVotes(db: DataSource, agency: AgencyConfig, filter: PublishedResultFilter): Promise<BindingVoteResult[]> {
  const { rounds, polled, histories } = await publishedRounds(db, 'BINDING_VOTE', filter);
  return rounds.flatMap((round) =>
    bindingRoundResults(agency, round, polled.filter((n) => n.roundId === round.id), histories.get(round.id) ?? []),
  );
}

/**
 * Published rounds of one kind with the filtered nominees and the rounds'
 * minutes. Four SQL queries whatever the number of results: nominees with
 * their published rounds, the rounds, and the minutes (entries, lines, confirmations).
 */
async function publishedRounds(
  db: DataSource,
  kind: RoundKind,
  filter: PublishedResultFilter,
): Promise<{ rounds: Round[]; polled: Nominee[]; histories: Map<string, RecordedEntry[]> }> {
  const query = db
    .getRepository(Nominee)
    .createQueryBuilder('n')
    .innerJoin(Round, 'r', 'r.id = n.round_id')
    .where(`r.status = 'PUBLISHED'`)
    .andWhere('r.kind = :kind', { kind });
  if (filter.year != null) query.andWhere('r.year = :year', { year: filter.year });
  if (filter.officialCodes) query.andWhere('n.official_code = ANY(:codes)', { codes: [...filter.officialCodes] });
  if (filter.nomineeIds) query.andWhere('n.id = ANY(:ids::uuid[])', { ids: [...filter.nomineeIds] });
  const polled = await query.orderBy('n.ballot_order', 'ASC').getMany();
  const roundIds = [...new Set(polled.map((n) => n.roundId))];
  if (roundIds.length === 0) return { rounds: [], polled, histories: new Map() };
  const [rounds, histories] = await Promise.all([
    db.getRepository(Round).find({ where: { id: In(roundIds) }, order: { year: 'ASC', publishedAt: 'ASC' } }),
    tallyHistory(db.manager, roundIds),
  ]);
  return { rounds, polled, histories };
}
