import { localDate } from '@tinnhiem/platform';
import { assessNominee, bindingVoteOutcome, isMidTermYear, type RoundCounts } from '@tinnhiem/rules';
import type { AgencyConfig } from '../agency';
import { rulebookOf } from '../agency';
import type { Nominee, Round, TallyEntry } from '../entities';
import type { BallotCounts, BindingVoteResult, BindingVoteTriggerDetails, ConfidenceResult, TallyEntryView } from '../graphql/types';
import { bindingCounts, effectiveEntry, pollCounts, type RecordedEntry } from './tally';

/** The raw counts of the minutes, as every result and minutes view shows them. */
function ballotCounts(entry: TallyEntry): BallotCounts {
  return {
    summoned: entry.summoned,
    present: entry.present,
    issued: entry.ballotsIssued,
    collected: entry.ballotsCollected,
    valid: entry.validBallots,
  };
}

/** What every result says of its round, its nominee and the minutes it comes from. */
function resultContext(agency: AgencyConfig, round: Round, nominee: Nominee, entry: TallyEntry) {
  return {
    agency: agency.id,
    roundId: round.id,
    roundTitle: round.title,
    body: round.body,
    year: round.year,
    heldOn: round.openedAt ? localDate(round.openedAt) : null,
    status: round.status,
    nomineeId: nominee.id,
    officialCode: nominee.officialCode,
    fullName: nominee.fullName,
    posts: nominee.posts,
    ballots: ballotCounts(entry),
    corrected: entry.correctionReason !== null,
    tallyEntryId: entry.id,
    publishedAt: round.publishedAt,
  };
}

/** A confidence poll's results from the minutes that count; empty until a second counter confirmed some. */
export function roundResults(agency: AgencyConfig, round: Round, nominees: readonly Nominee[], history: readonly RecordedEntry[]): ConfidenceResult[] {
  const effective = round.kind === 'CONFIDENCE_POLL' ? effectiveEntry(history) : null;
  if (!effective) return [];
  const { entry } = effective;
  const counts: RoundCounts = {
    summoned: entry.summoned,
    present: entry.present,
    ballotsIssued: entry.ballotsIssued,
    ballotsCollected: entry.ballotsCollected,
    validBallots: entry.validBallots,
  };
  const rulebook = rulebookOf(agency);
  return nominees.flatMap((nominee) => {
    const line = effective.lines.find((l) => l.nomineeId === nominee.id);
    const levels = line ? pollCounts(line) : null;
    if (!levels) return [];
    const assessment = assessNominee(rulebook, counts, levels, round.baseKind);
    return [{
      ...resultContext(agency, round, nominee, entry),
      offCycle: !isMidTermYear(round.year, rulebook.terms),
      rulebook: round.rulebook,
      counts: { ...assessment.counts, unmarked: assessment.unmarked },
      base: assessment.base,
      percentages: assessment.percentages,
      band: assessment.band,
      consequences: assessment.consequences.map((c) => ({ ...c })),
    }];
  });
}

/**
 * A binding vote's results (R8) from the minutes that count. The majority is of all delegates
 * (the round's summoned), so a delegate who is absent or spoils the row counts against dismissal.
 */
export function bindingRoundResults(agency: AgencyConfig, round: Round, nominees: readonly Nominee[], history: readonly RecordedEntry[]): BindingVoteResult[] {
  const trigger = triggerDetails(round);
  const effective = effectiveEntry(history);
  if (!trigger || !effective) return [];
  const { entry } = effective;
  const rounding = rulebookOf(agency).rounding;
  return nominees.flatMap((nominee) => {
    const line = effective.lines.find((l) => l.nomineeId === nominee.id);
    const counts = line ? bindingCounts(line) : null;
    if (!counts) return [];
    const outcome = bindingVoteOutcome(counts.trust, counts.noTrust, entry.summoned, 'ALL_DELEGATES', rounding);
    return [{
      ...resultContext(agency, round, nominee, entry),
      trigger,
      trust: counts.trust,
      noTrust: counts.noTrust,
      invalid: counts.invalid,
      unmarked: entry.validBallots - (counts.trust + counts.noTrust + counts.invalid),
      allDelegates: entry.summoned,
      percentNoTrust: outcome.percentNoTrust,
      dismissalSubmission: outcome.dismissalSubmission,
      consequences: outcome.consequences.map((c) => ({ ...c })),
    }];
  });
}

/** What put a binding vote on the agenda; null for a confidence poll. */
export function triggerDetails(round: Round): BindingVoteTriggerDetails | null {
  if (round.kind !== 'BINDING_VOTE' || !round.triggerReason) return null;
  return {
    reason: round.triggerReason,
    pollNomineeId: round.triggerNomineeId,
    petitioners: round.triggerPetitioners,
    documentRef: round.triggerDocumentRef,
  };
}

/**
 * Minutes as a reader may see them: unconfirmed figures only to the counter
 * who entered them, so the second counter recounts instead of copying (R13).
 */
export function entryViews(history: readonly RecordedEntry[], readerSubject: string | null): TallyEntryView[] {
  const effectiveId = effectiveEntry(history)?.entry.id;
  const lastSeq = history.at(-1)?.entry.seq;
  return history.map(({ entry, lines, confirmation }) => {
    const visible = confirmation !== null || entry.enteredBy === readerSubject;
    return {
      id: entry.id,
      status: confirmation ? 'CONFIRMED' : entry.seq === lastSeq ? 'PENDING' : 'SUPERSEDED',
      enteredBy: entry.enteredBy,
      enteredByName: entry.enteredByName,
      enteredAt: entry.enteredAt,
      ballots: visible ? ballotCounts(entry) : null,
      lines: visible ? lines.flatMap((line) => {
        const levels = pollCounts(line);
        return levels ? [{ nomineeId: line.nomineeId, ...levels }] : [];
      }) : null,
      bindingLines: visible ? lines.flatMap((line) => {
        const counts = bindingCounts(line);
        return counts ? [{ nomineeId: line.nomineeId, ...counts }] : [];
      }) : null,
      correctionReason: entry.correctionReason,
      confirmedBy: confirmation?.confirmedBy ?? null,
      confirmedByName: confirmation?.confirmedByName ?? null,
      confirmedAt: confirmation?.confirmedAt ?? null,
      effective: entry.id === effectiveId,
    };
  });
}
