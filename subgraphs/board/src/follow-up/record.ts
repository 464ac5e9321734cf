import { fail, isIsoDate, localDate, optionalTypedText, typedText, type Viewer } from '@tinnhiem/platform';
import { isLowConfidence } from '@tinnhiem/rules';
import type { DataSource } from 'typeorm';
import { Official } from '../entities/official.entity';
import { LINES, type LineName } from '../graphql/line-result.types';
import { BINDING_VOTE_LINES, type LineResultsReader } from '../lines/line-results';
import { FollowUpDecision } from './follow-up.entity';

export const DECISIONS = [
  'REMOVED_FROM_PLANNING', 'RESIGNED', 'RELIEVED', 'DISMISSED', 'REASSIGNED_LOWER', 'BINDING_VOTE_SCHEDULED', 'NO_ACTION',
] as const;
export type Decision = (typeof DECISIONS)[number];

export interface DecisionInput {
  agency: string;
  nomineeId: string;
  decision: Decision;
  decidedOn: string;
  documentRef: string;
  note?: string | null;
}

/**
 * The published result a decision is about: a poll result with more than half
 * low, or a binding vote that ends in a dismissal submission (R12). Nominee ids
 * are unique across rounds, so the id says which of the two it is.
 */
async function resultOwingDecision(lines: LineResultsReader, input: DecisionInput) {
  const agency = input.agency as LineName;
  const [{ results, missing }, binding] = await Promise.all([
    lines.published(null, [input.nomineeId]),
    BINDING_VOTE_LINES.includes(agency) ? lines.bindingVotes(null, [input.nomineeId]) : { votes: [], missing: [] },
  ]);
  const poll = results.find((r) => r.agency === agency && r.nomineeId === input.nomineeId);
  if (poll) {
    if (!isLowConfidence(poll.band)) {
      fail('NOT_LOW_CONFIDENCE', `${poll.fullName}'s result in "${poll.roundTitle}" is ${poll.band}: only low-confidence results (more than half low) take a follow-up decision.`);
    }
    return { ...poll, binding: false };
  }
  const vote = binding.votes.find((v) => v.agency === agency && v.nomineeId === input.nomineeId);
  if (vote) {
    if (!vote.dismissalSubmission) {
      fail('NOT_LOW_CONFIDENCE', `In the binding vote "${vote.roundTitle}", ${vote.noTrust} of ${vote.allDelegates} delegates voted no trust in ${vote.fullName}: not more than half, so no dismissal is submitted and no follow-up decision is owed.`);
    }
    return { ...vote, binding: true };
  }
  const unreachable = [...missing, ...binding.missing].find((m) => m.line === agency);
  if (unreachable) fail('LINE_UNAVAILABLE', `${unreachable.message} The decision was not recorded; try again later.`, { line: agency });
  return fail('NOT_FOUND', `No published result of the ${agency} line has nominee id "${input.nomineeId}".`);
}

/**
 * Records what was decided about a low-confidence result or a dismissal
 * submission. The result is read from its agency, so a decision can only be
 * about a published result that owes one.
 */
export async function recordDecision(db: DataSource, lines: LineResultsReader, actor: Viewer, input: DecisionInput, today = new Date()): Promise<FollowUpDecision> {
  if (!(LINES as readonly string[]).includes(input.agency)) {
    fail('BAD_USER_INPUT', `agency must be one of ${LINES.join(', ')}, got "${input.agency}".`);
  }
  if (!isIsoDate(input.decidedOn)) fail('BAD_USER_INPUT', `decidedOn must be a date written YYYY-MM-DD, got "${input.decidedOn}".`);
  if (input.decidedOn > localDate(today)) fail('BAD_USER_INPUT', `decidedOn (${input.decidedOn}) is in the future.`);
  const documentRef = typedText('documentRef', input.documentRef);
  const note = optionalTypedText('note', input.note, 'note');
  if (!documentRef) fail('BAD_USER_INPUT', 'Give the reference of the document that records the decision (số văn bản).');
  if (input.decision === 'NO_ACTION' && !note) fail('REASON_REQUIRED', 'A decision to take no action needs the reason in note.');

  const result = await resultOwingDecision(lines, input);
  if (result.binding && input.decision === 'BINDING_VOTE_SCHEDULED') {
    fail('BAD_USER_INPUT', `${result.fullName} already had the binding vote in "${result.roundTitle}"; record what followed its dismissal submission.`);
  }
  const publishedOn = result.publishedAt ? localDate(new Date(result.publishedAt)) : null;
  if (publishedOn && input.decidedOn < publishedOn) {
    fail('BAD_USER_INPUT', `decidedOn (${input.decidedOn}) is before the result was published (${publishedOn}).`);
  }
  if (!(await db.getRepository(Official).existsBy({ code: result.officialCode }))) {
    fail('NOT_FOUND', `${result.officialCode} is not in the registry; register the official first.`);
  }
  return db.getRepository(FollowUpDecision).save(
    db.getRepository(FollowUpDecision).create({
      agency: result.agency,
      nomineeId: result.nomineeId,
      roundId: result.roundId,
      officialCode: result.officialCode,
      decision: input.decision,
      decidedOn: input.decidedOn,
      documentRef,
      note,
      recordedBy: actor.subject,
      recordedByName: actor.name,
    }),
  );
}
