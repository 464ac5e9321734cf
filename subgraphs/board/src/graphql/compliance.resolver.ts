import type { Exclusion } from '@tinnhiem/rules';
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { requireMay } from '../access';
import { complianceReport, type ComplianceReport } from '../compliance/compliance';
import type { Official } from '../entities/official.entity';
import { planEntries } from '../plan/plan';
import { requireYearInTerm } from '../plan/term-year';
import { ExclusionView, PollPlaceView } from './assessment.types';
import { PoliticalLine } from './enums';
import { In } from 'typeorm';
import { FollowUpDecision } from '../follow-up/follow-up.entity';
import { mergeMissing, MissingLineView } from './follow-up.resolver';
import type { BoardContext } from './official.resolver';

@ObjectType({ description: 'A planned poll.' })
export class PlannedPollView {
  @Field(() => ID, { description: 'The plan entry.' }) id!: string;
  @Field(() => String) officialCode!: string;
  @Field(() => String) fullName!: string;
  @Field(() => PoliticalLine) line!: string;
  @Field(() => String) body!: string;
}

@ObjectType({ description: 'Planned polls of one agency with no published result yet.' })
export class UnreportedPolls {
  @Field(() => String) agency!: string;
  @Field(() => [PlannedPollView]) polls!: PlannedPollView[];
}

// The rows below name a round, and most of them an official polled in it.
@ObjectType()
abstract class RoundRefView {
  @Field(() => String) agency!: string;
  @Field(() => ID) roundId!: string;
  @Field(() => String) roundTitle!: string;
  @Field(() => String) body!: string;
}

@ObjectType()
abstract class PolledInRoundView extends RoundRefView {
  @Field(() => String) officialCode!: string;
  @Field(() => String) fullName!: string;
}

@ObjectType({ description: 'A published result for an official that the line’s plan does not name.' })
export class UnplannedResult extends PolledInRoundView {}

@ObjectType({ description: 'An official polled in more places than allowed across lines (R11).' })
export class PlacesExceededRow {
  @Field(() => String) officialCode!: string;
  @Field(() => String) fullName!: string;
  @Field(() => [PollPlaceView]) places!: PollPlaceView[];
  @Field(() => Int) count!: number;
  @Field(() => Int) limit!: number;
  @Field(() => String) source!: string;
}

@ObjectType({ description: 'A result for an official whom an exclusion (R9) should have kept off the ballot.' })
export class ExcludedButPolledRow extends PolledInRoundView {
  @Field(() => [ExclusionView]) exclusions!: Exclusion[];
}

@ObjectType({ description: 'A round held outside the mid-term year (R10).' })
export class OffCycleRoundRow extends RoundRefView {
  @Field(() => Int) year!: number;
}

@ObjectType({ description: 'A published round whose attendance was below the quorum (R3).' })
export class BelowQuorumRow extends RoundRefView {
  @Field(() => Int) summoned!: number;
  @Field(() => Int) present!: number;
  @Field(() => Int, { nullable: true, description: 'Null when the figures cannot be true (present above summoned, nobody summoned).' })
  required!: number | null;
  @Field(() => String) source!: string;
}

@ObjectType({ description: 'A poll result over half and under two thirds low in a People’s Council: a binding vote is owed unless the official resigned (R7).' })
export class BindingVoteOwedRow extends PolledInRoundView {
  @Field(() => ID, { description: 'The poll result’s nomineeId: a binding vote names it as its trigger.' }) nomineeId!: string;
  @Field(() => String) source!: string;
}

@ObjectType('ComplianceReport', { description: 'How a year’s reports compare with the plan and the rules (points 5–8 of the letter).' })
export class ComplianceReportView {
  @Field(() => Int) year!: number;
  @Field(() => [UnreportedPolls], { description: 'Planned, not yet reported, by agency.' }) plannedNotReported!: UnreportedPolls[];
  @Field(() => [UnplannedResult], { description: 'Reported by an agency for officials not in its line’s plan.' }) reportedNotPlanned!: UnplannedResult[];
  @Field(() => [UnplannedResult], { description: 'Reported for cadre codes the registry does not know: register them, or correct the code.' })
  notInRegistry!: UnplannedResult[];
  @Field(() => [PlacesExceededRow]) placesExceeded!: PlacesExceededRow[];
  @Field(() => [ExcludedButPolledRow]) excludedButPolled!: ExcludedButPolledRow[];
  @Field(() => [OffCycleRoundRow]) offCycleRounds!: OffCycleRoundRow[];
  @Field(() => [BelowQuorumRow]) belowQuorum!: BelowQuorumRow[];
  @Field(() => [BindingVoteOwedRow], { description: 'Binding votes owed and not yet published, nor made moot by a recorded resignation (R7, R8).' })
  bindingVoteOwed!: BindingVoteOwedRow[];
  @Field(() => [MissingLineView], { description: 'Lines that did not answer: the report lacks their results and does not call their plan unreported.' })
  missingLines!: MissingLineView[];
}

@Resolver()
export class ComplianceResolver {
  @Query(() => ComplianceReportView, { description: 'The compliance report of a year (Board analysts).' })
  async complianceReport(@Ctx() ctx: BoardContext, @Arg('year', () => Int) year: number): Promise<ComplianceReport> {
    requireMay(ctx.viewer, 'checkCompliance');
    requireYearInTerm(year);
    const [entries, { results, missing }, binding] = await Promise.all([planEntries(ctx.db, { year }), ctx.lines.published(year), ctx.lines.bindingVotes(null)]);
    const resigned = await ctx.db.getRepository(FollowUpDecision).find({
      select: { nomineeId: true },
      where: { decision: 'RESIGNED', nomineeId: In(results.map((r) => r.nomineeId)) },
    });
    const codes = [...new Set([...entries.map((e) => e.officialCode), ...results.map((r) => r.officialCode)])];
    const officials = new Map<string, Official>();
    for (const official of await ctx.loaders.official.loadMany(codes)) {
      if (official instanceof Error) throw official;
      if (official) officials.set(official.code, official);
    }
    return complianceReport({
      year,
      plan: entries.map((e) => ({ id: e.id, officialCode: e.officialCode, fullName: officials.get(e.officialCode)?.fullName ?? e.officialCode, line: e.line, body: e.body })),
      results,
      facts: officials,
      placesLimit: ctx.settings.placesLimit,
      bindingVotes: binding.votes,
      resigned: new Set(resigned.map((d) => d.nomineeId)),
      missing: mergeMissing(missing, binding.missing),
    });
  }
}
