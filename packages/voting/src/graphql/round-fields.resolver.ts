import { checkQuorum, isMidTermYear } from '@tinnhiem/rules';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { rulebookOf } from '../agency';
import { Nominee, Round } from '../entities';
import { bindingRoundResults, entryViews, roundResults, triggerDetails } from '../rounds/results';
import { canSeeMinutes, canSeeRound } from './access';
import type { AgencyContext } from './context';
import { BindingVoteResult, BindingVoteTriggerDetails, ConfidenceResult, QuorumView, TallyEntryView } from './types';

/** Fields of a round, the same in every agency; the agency comes from the request context. */
@Resolver(() => Round)
export class RoundFieldsResolver {
  @FieldResolver(() => String, { description: 'The agency line that runs the round.' })
  agency(@Ctx() ctx: AgencyContext): string {
    return ctx.agency.id;
  }

  @FieldResolver(() => Boolean, { description: 'True when a confidence poll is not in the mid-term year of a term (R10); a binding vote may be held at any session.' })
  offCycle(@Root() round: Round, @Ctx() ctx: AgencyContext): boolean {
    return round.kind === 'CONFIDENCE_POLL' && !isMidTermYear(round.year, rulebookOf(ctx.agency).terms);
  }

  @FieldResolver(() => BindingVoteTriggerDetails, { nullable: true, description: 'What put a binding vote on the agenda; null for a confidence poll.' })
  trigger(@Root() round: Round): BindingVoteTriggerDetails | null {
    return triggerDetails(round);
  }

  @FieldResolver(() => QuorumView)
  quorum(@Root() round: Round, @Ctx() ctx: AgencyContext): QuorumView {
    const check = checkQuorum(round.summoned, round.present ?? 0, rulebookOf(ctx.agency));
    return { met: round.present !== null && check.met, required: check.required, summoned: round.summoned, present: round.present, source: check.source };
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Electronic rounds: ballots cast so far; while the round is open this is all anyone sees of the vote (R13). Agency staff, or anyone once published.',
  })
  ballotsCast(@Root() round: Round, @Ctx() ctx: AgencyContext): Promise<number> | null {
    if (round.mode !== 'ELECTRONIC' || !canSeeRound(ctx, round)) return null;
    return ctx.loaders.ballotsCast.load(round.id);
  }

  @FieldResolver(() => [Nominee], { description: 'The ballot, in ballot order.' })
  nominees(@Root() round: Round, @Ctx() ctx: AgencyContext): Promise<Nominee[]> {
    return ctx.loaders.nominees.load(round.id);
  }

  @FieldResolver(() => [ConfidenceResult], {
    description: 'A confidence poll’s results from the confirmed minutes (empty for a binding vote). Before publication, only the agency’s admins and counters see them.',
  })
  async results(@Root() round: Round, @Ctx() ctx: AgencyContext): Promise<ConfidenceResult[]> {
    if (!canSeeRound(ctx, round)) return [];
    const [nominees, history] = await Promise.all([ctx.loaders.nominees.load(round.id), ctx.loaders.history.load(round.id)]);
    return roundResults(ctx.agency, round, nominees, history);
  }

  @FieldResolver(() => [BindingVoteResult], {
    description: 'A binding vote’s results from the confirmed minutes (empty for a confidence poll). Before publication, only the agency’s admins and counters see them.',
  })
  async bindingResults(@Root() round: Round, @Ctx() ctx: AgencyContext): Promise<BindingVoteResult[]> {
    if (!canSeeRound(ctx, round)) return [];
    const [nominees, history] = await Promise.all([ctx.loaders.nominees.load(round.id), ctx.loaders.history.load(round.id)]);
    return bindingRoundResults(ctx.agency, round, nominees, history);
  }

  @FieldResolver(() => [TallyEntryView], {
    description: 'Every counting-minutes entry, oldest first, corrections included. Agency staff; after publication also Board analysts and auditors.',
  })
  async tallyEntries(@Root() round: Round, @Ctx() ctx: AgencyContext): Promise<TallyEntryView[]> {
    if (!canSeeMinutes(ctx, round)) return [];
    return entryViews(await ctx.loaders.history.load(round.id), ctx.viewer?.subject ?? null);
  }
}
