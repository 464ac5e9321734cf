import { fail } from '@tinnhiem/platform';
import type { EntityManager } from 'typeorm';
import { Round } from '../entities';
import type { RoundStatus } from '../graphql/enums';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Loads a round and locks it for the rest of the transaction, so two transitions cannot interleave. */
export async function lockRound(em: EntityManager, roundId: string): Promise<Round> {
  const round = isUuid(roundId)
    ? await em.findOne(Round, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!round) fail('NOT_FOUND', `No round with id "${roundId}" exists in this agency.`);
  return round;
}

export function requireStatus(round: Round, allowed: readonly RoundStatus[], action: string): void {
  if (allowed.includes(round.status)) return;
  const code = round.status === 'CLOSED' || round.status === 'PUBLISHED' ? 'ROUND_CLOSED' : 'INVALID_TRANSITION';
  fail(code, `Cannot ${action}: round "${round.title}" is ${round.status}; this needs ${allowed.join(' or ')}.`, {
    status: round.status,
  });
}
