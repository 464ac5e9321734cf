import type { LowConfidenceBand } from '@tinnhiem/rules';
import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { requireMay } from '../access';
import { planEntries } from '../plan/plan';
import { requireYearInTerm } from '../plan/term-year';
import { boardStatistics, type BoardStatistics } from '../statistics/statistics';
import { mergeMissing, MissingLineView } from './follow-up.resolver';
import { BandEnum } from './line-result.types';
import type { BoardContext } from './official.resolver';

@ObjectType({ description: 'Officials of a group in one band; share of the group’s officials, two decimals.' })
export class BandCountView {
  @Field(() => BandEnum) band!: LowConfidenceBand;
  @Field(() => Int) count!: number;
  @Field(() => String, { nullable: true, description: 'Percent, e.g. "12.50"; null for an empty group.' }) share!: string | null;
}

@ObjectType({ description: 'One line’s officials polled in the year, each in the worst band of their results in the line.' })
export class LineStatisticsView {
  @Field(() => String) agency!: string;
  @Field(() => Int) officials!: number;
  @Field(() => Int) results!: number;
  @Field(() => Int) lowConfidence!: number;
  @Field(() => String, { nullable: true }) lowConfidenceShare!: string | null;
  @Field(() => [BandCountView]) bands!: BandCountView[];
}

@ObjectType({ description: 'One polling body’s officials in the year, each in the worst band of their results there.' })
export class BodyStatisticsView {
  @Field(() => String) agency!: string;
  @Field(() => String) body!: string;
  @Field(() => Int) officials!: number;
  @Field(() => Int) results!: number;
  @Field(() => Int) lowConfidence!: number;
  @Field(() => String, { nullable: true }) lowConfidenceShare!: string | null;
  @Field(() => [BandCountView]) bands!: BandCountView[];
}

@ObjectType({ description: 'How much of its voting plan an agency has reported.' })
export class AgencyProgressView {
  @Field(() => String) agency!: string;
  @Field(() => Int, { description: 'Officials on the line’s active plan.' }) planned!: number;
  @Field(() => Int, { description: 'Of those, officials with a published result of the line.' }) reported!: number;
  @Field(() => String, { nullable: true, description: 'reported of planned, percent; null when nothing is planned.' }) share!: string | null;
}

@ObjectType({ description: 'Binding votes put on the agenda for one reason (R8).' })
export class TriggerCountView {
  @Field(() => String, { description: 'LOW_CONFIDENCE_OVER_HALF, DELEGATE_PETITION or FATHERLAND_FRONT_RECOMMENDATION.' }) reason!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'A year’s published binding votes of the People’s Council (R8), one per official voted on.' })
export class BindingVoteStatisticsView {
  @Field(() => Int) held!: number;
  @Field(() => Int, { description: 'Votes in which more than half of all delegates voted no trust.' }) dismissalSubmissions!: number;
  @Field(() => [TriggerCountView]) byTrigger!: TriggerCountView[];
}

@ObjectType('BoardStatistics', { description: 'A year’s published results counted for dashboards.' })
export class BoardStatisticsView {
  @Field(() => Int) year!: number;
  @Field(() => Int, { description: 'Officials polled in any line, each counted once.' }) officials!: number;
  @Field(() => Int) results!: number;
  @Field(() => Int, { description: 'Officials with a low-confidence result (more than half low) in any line.' }) lowConfidence!: number;
  @Field(() => String, { nullable: true }) lowConfidenceShare!: string | null;
  @Field(() => [BandCountView], { description: 'Officials by the worst band of their results across lines.' }) bands!: BandCountView[];
  @Field(() => [LineStatisticsView]) byLine!: LineStatisticsView[];
  @Field(() => [BodyStatisticsView]) byBody!: BodyStatisticsView[];
  @Field(() => [AgencyProgressView]) progress!: AgencyProgressView[];
  @Field(() => BindingVoteStatisticsView) bindingVotes!: BindingVoteStatisticsView;
  @Field(() => [MissingLineView], { description: 'Lines that did not answer: the numbers lack them.' }) missingLines!: MissingLineView[];
}

@Resolver()
export class StatisticsResolver {
  @Query(() => BoardStatisticsView, { description: 'Counts and shares per line, body and band, and each agency’s reporting progress (Board analysts, dashboards).' })
  async boardStatistics(@Ctx() ctx: BoardContext, @Arg('year', () => Int) year: number): Promise<BoardStatistics> {
    requireMay(ctx.viewer, 'readStatistics');
    requireYearInTerm(year);
    const [entries, { results, missing }, binding] = await Promise.all([planEntries(ctx.db, { year }), ctx.lines.published(year), ctx.lines.bindingVotes(year)]);
    return boardStatistics(year, results, entries, binding.votes, mergeMissing(missing, binding.missing));
  }
}
