import { localDate } from '@tinnhiem/platform';
import { assessNominee, isMidTermYear, type RoundCounts } from '@tinnhiem/rules';
import type { AgencyConfig } from '../agency';
import { rulebookOf } from '../agency';
import type { Nominee, Round } from '../entities';
import type { ConfidenceResult, TallyEntryView } from '../graphql/types';
import { effectiveEntry, type RecordedEntry } from './tally';

/** Results of a round from the minutes that count; empty until a second counter confirmed some. */
export function roundResults(agency: AgencyConfig, round: Round, nominees: readonly Nominee[], history: readonly RecordedEntry[]): ConfidenceResult[] {
  const effective = effectiveEntry(history);
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
    if (!line) return [];
    const assessment = assessNominee(rulebook, counts, line, round.baseKind);
    return [{
      agency: agency.id,
      roundId: round.id,
      roundTitle: round.title,
      body: round.body,
      year: round.year,
      heldOn: round.openedAt ? localDate(round.openedAt) : null,
      offCycle: !isMidTermYear(round.year, rulebook.terms),
      rulebook: round.rulebook,
      status: round.status,
      nomineeId: nominee.id,
      officialCode: nominee.officialCode,
      fullName: nominee.fullName,
      posts: nominee.posts,
      ballots: {
        summoned: counts.summoned,
        present: counts.present,
        issued: counts.ballotsIssued,
        collected: counts.ballotsCollected,
        valid: counts.validBallots,
      },
      counts: { ...assessment.counts, unmarked: assessment.unmarked },
      base: assessment.base,
      percentages: assessment.percentages,
      band: assessment.band,
      consequences: assessment.consequences.map((c) => ({ ...c })),
      corrected: entry.correctionReason !== null,
      tallyEntryId: entry.id,
      publishedAt: round.publishedAt,
    }];
  });
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
    ballots: visible
      ? {
          summoned: entry.summoned,
          present: entry.present,
          issued: entry.ballotsIssued,
          collected: entry.ballotsCollected,
          valid: entry.validBallots,
        }
      : null,
    lines: visible ? lines.map(({ nomineeId, high, confident, low, invalid }) => ({ nomineeId, high, confident, low, invalid })) : null,
    correctionReason: entry.correctionReason,
    confirmedBy: confirmation?.confirmedBy ?? null,
    confirmedByName: confirmation?.confirmedByName ?? null,
    confirmedAt: confirmation?.confirmedAt ?? null,
    effective: entry.id === effectiveId,
    };
  });
}
