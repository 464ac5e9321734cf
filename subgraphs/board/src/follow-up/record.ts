import { fail, isIsoDate, localDate, type Viewer } from '@tinnhiem/platform';
import { isLowConfidence } from '@tinnhiem/rules';
import type { DataSource } from 'typeorm';
import { Official } from '../entities/official.entity';
import { LINES, type LineName } from '../graphql/line-result.types';
import type { LineResultsReader } from '../lines/line-results';
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
 * Records what was decided about a low-confidence result. The result is read
 * from its agency, so a decision can only be about a published result whose
 * band calls for one.
 */
export async function recordDecision(db: DataSource, lines: LineResultsReader, actor: Viewer, input: DecisionInput, today = new Date()): Promise<FollowUpDecision> {
  if (!(LINES as readonly string[]).includes(input.agency)) {
    fail('BAD_USER_INPUT', `agency must be one of ${LINES.join(', ')}, got "${input.agency}".`);
  }
  if (!isIsoDate(input.decidedOn)) fail('BAD_USER_INPUT', `decidedOn must be a date written YYYY-MM-DD, got "${input.decidedOn}".`);
  if (input.decidedOn > localDate(today)) fail('BAD_USER_INPUT', `decidedOn (${input.decidedOn}) is in the future.`);
  const documentRef = input.documentRef.normalize('NFC').trim();
  const note = input.note?.normalize('NFC').trim() || null;
  if (!documentRef) fail('BAD_USER_INPUT', 'Give the reference of the document that records the decision (số văn bản).');
  if (input.decision === 'NO_ACTION' && !note) fail('REASON_REQUIRED', 'A decision to take no action needs the reason in note.');

  const { results, missing } = await lines.published(null, [input.nomineeId]);
  const result = results.find((r) => r.agency === (input.agency as LineName) && r.nomineeId === input.nomineeId);
  if (!result) {
    const unreachable = missing.find((m) => m.line === input.agency);
    if (unreachable) fail('LINE_UNAVAILABLE', `${unreachable.message} The decision was not recorded; try again later.`, { line: input.agency });
    fail('NOT_FOUND', `No published result of the ${input.agency} line has nominee id "${input.nomineeId}".`);
  }
  if (!isLowConfidence(result.band)) {
    fail('NOT_LOW_CONFIDENCE', `${result.fullName}'s result in "${result.roundTitle}" is ${result.band}: only low-confidence results (more than half low) take a follow-up decision.`);
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
