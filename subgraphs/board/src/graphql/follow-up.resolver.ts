import { fail } from '@tinnhiem/platform';
import { requireMay } from '../access';
import { isLowConfidence, type LowConfidenceBand } from '@tinnhiem/rules';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { In } from 'typeorm';
import { FollowUpDecision } from '../follow-up/follow-up.entity';
import { DECISIONS, recordDecision, type Decision } from '../follow-up/record';
import { followUpStatus, type FollowUpStatus } from '../follow-up/status';
import { requireYearInTerm } from '../plan/term-year';
import { BandEnum } from './line-result.types';
import { FollowUpStatusEnum } from './follow-up-status.enum';
import type { MissingLine, PublishedBindingVote, PublishedResult } from '../lines/line-results';
import type { BoardContext } from './official.resolver';

const DecisionEnum = Object.fromEntries(DECISIONS.map((d) => [d, d])) as Record<Decision, Decision>;
registerEnumType(DecisionEnum, {
  name: 'FollowUpDecisionKind',
  description: 'What was decided about a low-confidence result (R12); NO_ACTION needs a reason.',
});

@InputType({ description: 'A follow-up decision on one published low-confidence result.' })
export class FollowUpDecisionInput {
  @Field(() => String, { description: 'party, council or committee' }) agency!: string;
  @Field(() => ID, { description: 'The result’s nomineeId.' }) nomineeId!: string;
  @Field(() => DecisionEnum) decision!: Decision;
  @Field(() => String, { description: 'YYYY-MM-DD' }) decidedOn!: string;
  @Field(() => String, { description: 'Number of the document that records the decision.' }) documentRef!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType('FollowUpDecision', { description: 'A recorded decision; never changed once stored.' })
export class FollowUpDecisionView {
  @Field(() => ID) id!: string;
  @Field(() => String) agency!: string;
  @Field(() => ID) nomineeId!: string;
  @Field(() => ID) roundId!: string;
  @Field(() => String) officialCode!: string;
  @Field(() => DecisionEnum) decision!: string;
  @Field(() => String) decidedOn!: string;
  @Field(() => String) documentRef!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String) recordedByName!: string;
  @Field(() => Date) recordedAt!: Date;
}

export const FollowUpSubjectEnum = { LOW_CONFIDENCE: 'LOW_CONFIDENCE', DISMISSAL_SUBMISSION: 'DISMISSAL_SUBMISSION' } as const;
export type FollowUpSubject = keyof typeof FollowUpSubjectEnum;
registerEnumType(FollowUpSubjectEnum, {
  name: 'FollowUpSubject',
  description: 'What owes a decision (R12): a low-confidence poll result, or a binding vote in which more than half of all delegates voted no trust (R8).',
});

@ObjectType({ description: 'A result that owes a follow-up decision, and where that stands.' })
export class FollowUpItem {
  @Field(() => FollowUpSubjectEnum) subject!: FollowUpSubject;
  @Field(() => String) agency!: string;
  @Field(() => ID) roundId!: string;
  @Field(() => String) roundTitle!: string;
  @Field(() => Int) year!: number;
  @Field(() => ID) nomineeId!: string;
  @Field(() => String) officialCode!: string;
  @Field(() => String) fullName!: string;
  @Field(() => BandEnum, { nullable: true, description: 'LOW_CONFIDENCE: the poll result’s band.' }) band!: LowConfidenceBand | null;
  @Field(() => Int, { nullable: true, description: 'DISMISSAL_SUBMISSION: delegates who voted no trust.' }) noTrust!: number | null;
  @Field(() => Int, { nullable: true, description: 'DISMISSAL_SUBMISSION: all delegates, the base of the majority.' }) allDelegates!: number | null;
  @Field(() => String, { nullable: true }) publishedAt!: string | null;
  @Field(() => String, { nullable: true }) dueOn!: string | null;
  @Field(() => FollowUpStatusEnum) status!: FollowUpStatus;
  @Field(() => [FollowUpDecisionView], { description: 'Oldest first; the last one stands.' }) decisions!: FollowUpDecisionView[];
}

@ObjectType({ description: 'A line whose data could not be read: what is shown lacks it.' })
export class MissingLineView {
  @Field(() => String) line!: string;
  @Field(() => String) message!: string;
}

@ObjectType()
export class FollowUpPage {
  @Field(() => [FollowUpItem]) items!: FollowUpItem[];
  @Field(() => Int) total!: number;
  @Field(() => [MissingLineView], { description: 'Lines that did not answer: their results are not listed.' }) missingLines!: MissingLineView[];
}

@Resolver()
export class FollowUpResolver {
  @Query(() => FollowUpPage, { description: 'Low-confidence results and dismissal submissions, and their follow-up (R12), for Board analysts.' })
  async followUps(
    @Ctx() ctx: BoardContext,
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
    @Arg('status', () => FollowUpStatusEnum, { nullable: true }) status?: FollowUpStatus | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<FollowUpPage> {
    requireMay(ctx.viewer, 'followUp');
    if (year != null) requireYearInTerm(year);
    if (limit < 1 || limit > 1000) fail('BAD_USER_INPUT', `limit must be between 1 and 1000, got ${limit}.`);
    if (offset < 0) fail('BAD_USER_INPUT', `offset cannot be negative, got ${offset}.`);
    const items = await followUpItems(ctx, year ?? null);
    const filtered = status ? items.filter((i) => i.status === status) : items;
    const [{ missing }, binding] = await Promise.all([ctx.lines.published(year ?? null), ctx.lines.bindingVotes(year ?? null)]);
    return { items: filtered.slice(offset, offset + limit), total: filtered.length, missingLines: mergeMissing(missing, binding.missing) };
  }

  @Mutation(() => FollowUpDecisionView, { description: 'Records a follow-up decision on a low-confidence result or a dismissal submission (Board analysts).' })
  recordFollowUpDecision(@Arg('input', () => FollowUpDecisionInput) input: FollowUpDecisionInput, @Ctx() ctx: BoardContext): Promise<FollowUpDecision> {
    const actor = requireMay(ctx.viewer, 'followUp');
    return recordDecision(ctx.db, ctx.lines, actor, input, ctx.now());
  }
}

/** Lines missing from either index, each named once. */
export function mergeMissing(...lists: readonly MissingLine[][]): MissingLine[] {
  const seen = new Set<string>();
  return lists.flat().filter((m) => !seen.has(m.line) && Boolean(seen.add(m.line)));
}

/**
 * Every published result of a year that owes a decision, with its decisions:
 * low-confidence poll results first, then dismissal submissions. One SQL query
 * for all decisions.
 */
export async function followUpItems(ctx: BoardContext, year: number | null): Promise<FollowUpItem[]> {
  const [{ results }, { votes }] = await Promise.all([ctx.lines.published(year), ctx.lines.bindingVotes(year)]);
  const owing: Omit<FollowUpItem, 'dueOn' | 'status' | 'decisions'>[] = [
    ...results.filter((r) => isLowConfidence(r.band)).map((r) => ({ ...subjectOf(r), subject: 'LOW_CONFIDENCE' as const, band: r.band, noTrust: null, allDelegates: null })),
    ...votes.filter((v) => v.dismissalSubmission).map((v) => ({ ...subjectOf(v), subject: 'DISMISSAL_SUBMISSION' as const, band: null, noTrust: v.noTrust, allDelegates: v.allDelegates })),
  ];
  const decisions = owing.length
    ? await ctx.db.getRepository(FollowUpDecision).find({ where: { nomineeId: In(owing.map((r) => r.nomineeId)) }, order: { seq: 'ASC' } })
    : [];
  const today = ctx.now();
  return owing.map((item) => {
    const own = decisions.filter((d) => d.nomineeId === item.nomineeId && d.agency === item.agency);
    const timing = followUpStatus({ requiresDecision: true, publishedAt: item.publishedAt }, own.length, today, ctx.settings.followUpDays);
    return { ...item, dueOn: timing.dueOn, status: timing.status, decisions: own };
  });
}

function subjectOf(r: PublishedResult | PublishedBindingVote) {
  const { agency, roundId, roundTitle, year, nomineeId, officialCode, fullName, publishedAt } = r;
  return { agency, roundId, roundTitle, year, nomineeId, officialCode, fullName, publishedAt };
}
