import { exclusionsFor, type Exclusion } from '@tinnhiem/rules';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { requireMay } from '../access';
import { Official } from '../entities/official.entity';
import { excludedOfficials, planEntries, planPoll, withdrawPlannedPoll } from '../plan/plan';
import { PlanEntry } from '../plan/plan-entry.entity';
import { requireYearInTerm } from '../plan/term-year';
import { ExclusionView } from './assessment.types';
import { PoliticalLine } from './enums';
import type { BoardContext } from './official.resolver';

@InputType({ description: 'An official to be polled by a line in a year.' })
export class PlanPollInput {
  @Field(() => Int) year!: number;
  @Field(() => String, { description: 'Cadre code in the registry.' }) officialCode!: string;
  @Field(() => PoliticalLine) line!: PoliticalLine;
  @Field(() => String, { description: 'The body that is to poll the official.' }) body!: string;
}

@ObjectType({ description: 'An official R9 keeps off the ballot in the plan’s year, and why.' })
export class PlanExclusion {
  @Field(() => Official) official!: Official;
  @Field(() => [ExclusionView]) exclusions!: Exclusion[];
}

@ObjectType({ description: 'The voting plan of a year: who is to be polled by which line, and who must not be.' })
export class VotingPlan {
  @Field(() => Int) year!: number;
  @Field(() => PoliticalLine, { nullable: true, description: 'The line asked for; every line when null.' }) line!: PoliticalLine | null;
  @Field(() => [PlanEntry], { description: 'By line, then cadre code.' }) entries!: PlanEntry[];
  @Field(() => [PlanExclusion], { description: 'Registry officials excluded in the year (R9), holding a post in the line when one is asked for.' })
  exclusions!: PlanExclusion[];
}

/** The voting plan is the Organisation Board's own: only its analysts read and change it. */
@Resolver(() => PlanEntry)
export class PlanResolver {
  @Query(() => VotingPlan, { description: 'Who is to be polled by which line in a year, with the exclusions (R9) (Board analysts).' })
  async votingPlan(
    @Ctx() ctx: BoardContext,
    @Arg('year', () => Int) year: number,
    @Arg('line', () => PoliticalLine, { nullable: true }) line?: PoliticalLine | null,
    @Arg('includeWithdrawn', () => Boolean, { defaultValue: false, description: 'Also list withdrawn entries, with why.' }) includeWithdrawn = false,
  ): Promise<VotingPlan> {
    requireMay(ctx.viewer, 'keepRegistry');
    requireYearInTerm(year);
    const [entries, exclusions] = await Promise.all([
      planEntries(ctx.db, { year, line: line ?? null, includeWithdrawn }),
      excludedOfficials(ctx.db, year, line),
    ]);
    return { year, line: line ?? null, entries, exclusions };
  }

  @Mutation(() => PlanEntry, { description: 'Plans a poll of an official by a line in a year (Board analysts).' })
  planPoll(@Arg('input', () => PlanPollInput) input: PlanPollInput, @Ctx() ctx: BoardContext): Promise<PlanEntry> {
    const actor = requireMay(ctx.viewer, 'keepRegistry');
    return planPoll(ctx.db, actor, input);
  }

  @Mutation(() => PlanEntry, { description: 'Withdraws a planned poll, with the reason; the entry stays in the plan’s history (Board analysts).' })
  withdrawPlannedPoll(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: BoardContext): Promise<PlanEntry> {
    const actor = requireMay(ctx.viewer, 'keepRegistry');
    return withdrawPlannedPoll(ctx.db, actor, id, reason);
  }

  @FieldResolver(() => Official)
  async official(@Root() entry: PlanEntry, @Ctx() ctx: BoardContext): Promise<Official> {
    const official = await ctx.loaders.official.load(entry.officialCode);
    if (!official) throw new Error(`plan_entry ${entry.id} names ${entry.officialCode}, which the registry lacks`);
    return official;
  }

  @FieldResolver(() => [ExclusionView], { description: 'Exclusions (R9) the registry now records for the entry’s year: the poll must not take place.' })
  async exclusions(@Root() entry: PlanEntry, @Ctx() ctx: BoardContext): Promise<Exclusion[]> {
    const official = await ctx.loaders.official.load(entry.officialCode);
    return official ? exclusionsFor(official, entry.year) : [];
  }
}
