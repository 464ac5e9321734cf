import { fail } from '@tinnhiem/platform';
import type { EntityManager } from 'typeorm';
import { Nominee, TallyConfirmation, TallyEntry, TallyLine, type Round } from '../entities';
import { sealDigest } from './chain';
import { BALLOT_LOG, BALLOT_LOG_VERIFICATION, verifyBallotLog } from './verify';

/**
 * Writes an electronic round's counting minutes from its ballot log, after the
 * chain verifies: the same minutes a paper round has, so results, federation
 * and reports need not know how the votes were collected.
 */
export async function minutesFromLog(em: EntityManager, round: Round): Promise<void> {
  const check = await verifyBallotLog(em, round.id);
  if (!check.intact) {
    fail('CHAIN_BROKEN', `The ballot log of round "${round.title}" does not verify: ${check.breaks.map((b) => `ballot ${b.position}: ${b.problem}`).join('; ')}.`, {
      breaks: check.breaks,
    });
  }
  if (await em.existsBy(TallyEntry, { roundId: round.id })) return;
  const nominees = await em.find(Nominee, { where: { roundId: round.id }, order: { ballotOrder: 'ASC' } });
  const entry = await em.save(
    em.create(TallyEntry, {
      roundId: round.id,
      enteredBy: BALLOT_LOG,
      enteredByName: 'Electronic ballot log',
      summoned: round.summoned,
      present: round.present ?? 0,
      ballotsIssued: round.tokensIssued ?? 0,
      ballotsCollected: check.ballots,
      validBallots: check.ballots,
      correctionReason: null,
    }),
  );
  await em.insert(TallyLine, nominees.map((n, i) => {
    const { high = 0, confident = 0, low = 0, trust = 0, noTrust = 0, invalid = 0 } = check.tally[i] ?? {};
    // A line carries its round kind's columns only (as on paper, and checked by the database).
    return round.kind === 'BINDING_VOTE'
      ? { entryId: entry.id, nomineeId: n.id, high: null, confident: null, low: null, trust, noTrust, invalid }
      : { entryId: entry.id, nomineeId: n.id, high, confident, low, trust: null, noTrust: null, invalid };
  }));
  await em.insert(TallyConfirmation, { entryId: entry.id, confirmedBy: BALLOT_LOG_VERIFICATION, confirmedByName: 'Ballot log verification' });
}

/** The seal of a published electronic round: its chain's head and length and the tally they give. */
export async function sealRound(em: EntityManager, round: Round): Promise<string> {
  const check = await verifyBallotLog(em, round.id);
  if (!check.intact || check.tallyMatchesMinutes === false) {
    fail('CHAIN_BROKEN', `The ballot log of round "${round.title}" no longer matches its minutes; it cannot be published.`, { breaks: check.breaks });
  }
  return sealDigest(round.id, check.ballots, check.head, check.tally, round.kind);
}
