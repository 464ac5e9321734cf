import { auditLogResolver, fail } from '@tinnhiem/platform';
import { Arg, Ctx, Directive, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { baseKindOf, capitalised, rulebookOf, type AgencyConfig } from '../agency';
import { Nominee, Round } from '../entities';
import { issueTokens } from '../ballots/tokens';
import { verifyBallotLog } from '../ballots/verify';
import { isUuid } from '../rounds/guards';
import { addNominee, closeRound, createRound, openRound, publishRound, startCounting } from '../rounds/lifecycle';
import { publishedBindingVotes, publishedResults } from '../rounds/published';
import { entryViews } from '../rounds/results';
import { confirmTally, enterTally } from '../rounds/tally';
import { canSeeRound, isAgencyStaff, requireMay, requireReader } from './access';
import type { AgencyContext } from './context';
import { RoundStatus } from './enums';
import { BallotMarkInput, NomineeInput, RoundPlanInput, TallyInput } from './inputs';
import { AgencyInfo, BallotCodeSheet, BallotReceipt, BindingVoteResult, ConfidenceResult, LogVerificationView, RoundPage, TallyEntryView } from './types';

export interface OfficialReference {
  code: string;
}

/**
 * type-graphql keeps field-resolver metadata of shared types across schema
 * builds in one process, so per-agency fields live only on per-agency classes
 * (Official) and root fields; shared types get their fields from shared resolvers.
 *
 * The root fields of one agency, named after it (`partyRounds`,
 * `openCouncilRound`), so the three lines compose into one graph without
 * clashing. One definition, three deployments.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function agencyResolvers(agency: AgencyConfig): { resolvers: [Function, ...Function[]]; officialType: Function } {
  const a = agency.id;
  const A = capitalised(agency);

  @ObjectType('Official')
  @Directive('@key(fields: "code")')
  class Official implements OfficialReference {
    @Field(() => ID, { description: 'Cadre code in the Organisation Board’s registry.' })
    code!: string;
  }

  @Resolver(() => Official)
  class OfficialResolver {
    // Nullable: when this agency is unreachable the gateway nulls this field
    // alone and the rest of the official still arrives.
    @FieldResolver(() => [ConfidenceResult], {
      name: `${a}Results`,
      nullable: true,
      description: `Published confidence-poll results of this official in the ${agency.name} line.`,
    })
    results(@Root() official: OfficialReference, @Ctx() ctx: AgencyContext): Promise<ConfidenceResult[]> {
      requireReader(ctx);
      return ctx.loaders.publishedResults.load(official.code);
    }
  }

  // Mounted only where the rulebook has binding votes (NQ 96: People's Councils), so only
  // those agencies add the field to Official.
  @Resolver(() => Official)
  class OfficialBindingVotesResolver {
    @FieldResolver(() => [BindingVoteResult], {
      name: `${a}BindingVotes`,
      nullable: true,
      description: `Published binding votes (bỏ phiếu tín nhiệm) on this official in the ${agency.name}.`,
    })
    bindingVotes(@Root() official: OfficialReference, @Ctx() ctx: AgencyContext): Promise<BindingVoteResult[]> {
      requireReader(ctx);
      return ctx.loaders.publishedBindingVotes.load(official.code);
    }
  }

  @Resolver()
  class PublishedBindingVotesResolver {
    @Query(() => [BindingVoteResult], {
      name: `${a}PublishedBindingVotes`,
      description: 'Every published binding vote of the agency, optionally of one year: the index the Organisation Board reads (R8, R12).',
    })
    async publishedBindingVotes(
      @Ctx() ctx: AgencyContext,
      @Arg('year', () => Int, { nullable: true }) year?: number | null,
      @Arg('nomineeIds', () => [ID], { nullable: true }) nomineeIds?: string[] | null,
    ): Promise<BindingVoteResult[]> {
      requireReader(ctx);
      const ids = nomineeIds?.filter(isUuid);
      return publishedBindingVotes(ctx.db, agency, { year: year ?? null, ...(ids ? { nomineeIds: ids } : {}) });
    }
  }

  @Resolver()
  class AgencyRoundResolver {
    @Query(() => AgencyInfo, { name: `${a}Agency` })
    agencyInfo(): AgencyInfo {
      const rulebook = rulebookOf(agency);
      return { id: a, name: agency.name, rulebook: rulebook.id, rulebookTitle: rulebook.title, defaultBase: baseKindOf(agency) };
    }

    @Query(() => [ConfidenceResult], {
      name: `${a}PublishedResults`,
      description: 'Every published result of the agency, optionally of one year: the index dashboards and the Organisation Board read.',
    })
    async publishedResults(
      @Ctx() ctx: AgencyContext,
      @Arg('year', () => Int, { nullable: true }) year?: number | null,
      @Arg('nomineeIds', () => [ID], { nullable: true }) nomineeIds?: string[] | null,
    ): Promise<ConfidenceResult[]> {
      requireReader(ctx);
      const ids = nomineeIds?.filter(isUuid);
      return publishedResults(ctx.db, agency, { year: year ?? null, ...(ids ? { nomineeIds: ids } : {}) });
    }

    @Query(() => Round, { name: `${a}Round`, nullable: true })
    async round(@Arg('id', () => ID) id: string, @Ctx() ctx: AgencyContext): Promise<Round | null> {
      requireReader(ctx);
      const round = isUuid(id) ? await ctx.db.getRepository(Round).findOneBy({ id }) : null;
      return round && canSeeRound(ctx, round) ? round : null;
    }

    @Query(() => RoundPage, { name: `${a}Rounds`, description: 'Rounds, newest first. Others than the agency’s staff see published rounds only.' })
    async rounds(
      @Ctx() ctx: AgencyContext,
      @Arg('year', () => Int, { nullable: true }) year?: number | null,
      @Arg('status', () => RoundStatus, { nullable: true }) status?: RoundStatus | null,
      @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
      @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
    ): Promise<RoundPage> {
      requireReader(ctx);
      if (limit < 1 || limit > 500) fail('BAD_USER_INPUT', `limit must be between 1 and 500, got ${limit}.`);
      if (offset < 0) fail('BAD_USER_INPUT', `offset cannot be negative, got ${offset}.`);
      // Others than the agency's staff see published rounds only.
      const staff = isAgencyStaff(ctx);
      if (!staff && status && status !== 'PUBLISHED') return { items: [], total: 0, offset, limit };
      const visibleStatus = staff ? status : 'PUBLISHED';
      const where = { ...(year != null ? { year } : {}), ...(visibleStatus ? { status: visibleStatus } : {}) };
      const [items, total] = await ctx.db.getRepository(Round).findAndCount({
        where,
        order: { createdAt: 'DESC', id: 'ASC' },
        take: limit,
        skip: offset,
      });
      return { items, total, offset, limit };
    }

    @Mutation(() => Round, { name: `create${A}Round`, description: 'Plans a round in DRAFT.' })
    createRound(@Arg('input', () => RoundPlanInput) input: RoundPlanInput, @Ctx() ctx: AgencyContext): Promise<Round> {
      const actor = requireMay(ctx, 'runRounds');
      return createRound(ctx.db, agency, actor, input);
    }

    @Mutation(() => Nominee, { name: `add${A}Nominee`, description: 'Puts a person on the ballot of a DRAFT round, unless R9 excludes them.' })
    addNominee(
      @Arg('roundId', () => ID) roundId: string,
      @Arg('input', () => NomineeInput) input: NomineeInput,
      @Ctx() ctx: AgencyContext,
    ): Promise<Nominee> {
      requireMay(ctx, 'runRounds');
      return addNominee(ctx.db, roundId, input);
    }

    @Mutation(() => Round, { name: `open${A}Round`, description: 'Records who is present and opens the round if the quorum is met (R3).' })
    openRound(
      @Arg('roundId', () => ID) roundId: string,
      @Arg('present', () => Int) present: number,
      @Ctx() ctx: AgencyContext,
    ): Promise<Round> {
      requireMay(ctx, 'runRounds');
      return openRound(ctx.db, agency, roundId, present);
    }

    @Mutation(() => Round, { name: `start${A}Counting`, description: 'Ends voting; the counting committee can enter the minutes.' })
    startCounting(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: AgencyContext): Promise<Round> {
      requireMay(ctx, 'runRounds');
      return startCounting(ctx.db, roundId);
    }

    @Mutation(() => TallyEntryView, {
      name: `enter${A}Tally`,
      description: 'Enters counting minutes; they count once a second counter confirms identical figures. After closing, a correction with a reason.',
    })
    async enterTally(
      @Arg('roundId', () => ID) roundId: string,
      @Arg('input', () => TallyInput) input: TallyInput,
      @Arg('correctionReason', () => String, { nullable: true }) correctionReason: string | null,
      @Ctx() ctx: AgencyContext,
    ): Promise<TallyEntryView> {
      const actor = requireMay(ctx, 'countBallots');
      const recorded = await enterTally(ctx.db, actor, roundId, input, correctionReason);
      return single(entryViews([recorded], actor.subject));
    }

    @Mutation(() => TallyEntryView, { name: `confirm${A}Tally`, description: 'A second counter confirms minutes by entering identical figures.' })
    async confirmTally(
      @Arg('entryId', () => ID) entryId: string,
      @Arg('input', () => TallyInput) input: TallyInput,
      @Ctx() ctx: AgencyContext,
    ): Promise<TallyEntryView> {
      const actor = requireMay(ctx, 'countBallots');
      const recorded = await confirmTally(ctx.db, actor, entryId, input);
      return single(entryViews([recorded], actor.subject));
    }

    @Mutation(() => BallotCodeSheet, {
      name: `issue${A}BallotCodes`,
      description: 'Electronic rounds: one single-use ballot code per member present, issued once, after the round opens.',
    })
    async issueBallotCodes(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: AgencyContext): Promise<BallotCodeSheet> {
      requireMay(ctx, 'runRounds');
      const codes = await issueTokens(ctx.db, ctx.ballotKey, roundId);
      return { roundId, count: codes.length, codes };
    }

    // No account: the ballot code is the voter's only credential, and it says nothing of who they are.
    @Mutation(() => BallotReceipt, {
      name: ballotCastingField(agency),
      description: 'Casts a secret ballot with a ballot code: one mark per nominee (BLANK leaves a row empty). Returns the receipt.',
    })
    castBallot(
      @Arg('code', () => String) code: string,
      @Arg('marks', () => [BallotMarkInput]) marks: BallotMarkInput[],
      @Ctx() ctx: AgencyContext,
    ): Promise<BallotReceipt> {
      return ctx.ballotBox.cast(code, marks);
    }

    @Query(() => [String], {
      name: `${a}BallotReceipts`,
      description: 'Once the round is closed: every ballot’s hash, sorted, so each voter can find their receipt. Open to anyone.',
    })
    async ballotReceipts(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: AgencyContext): Promise<string[]> {
      const round = isUuid(roundId) ? await ctx.db.getRepository(Round).findOneBy({ id: roundId }) : null;
      if (!round) fail('NOT_FOUND', `No round with id "${roundId}" exists in this agency.`);
      if (round.status !== 'CLOSED' && round.status !== 'PUBLISHED') {
        fail('INVALID_TRANSITION', `Receipts are published when the round closes; round "${round.title}" is ${round.status}.`);
      }
      // Sorted by value, not by chain position: the list must not tell the order ballots were cast in.
      const rows = (await ctx.db.query(`SELECT hash FROM ballot WHERE round_id = $1 ORDER BY hash`, [roundId])) as { hash: string }[];
      return rows.map((r) => r.hash);
    }

    @Query(() => LogVerificationView, {
      name: `verify${A}Round`,
      description: 'Recomputes an electronic round’s ballot chain and tally from the log (auditors, the agency admin, Board analysts).',
    })
    async verifyRound(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: AgencyContext): Promise<LogVerificationView> {
      requireMay(ctx, 'verifyRounds');
      const round = isUuid(roundId) ? await ctx.db.getRepository(Round).findOneBy({ id: roundId }) : null;
      if (!round) fail('NOT_FOUND', `No round with id "${roundId}" exists in this agency.`);
      if (round.mode !== 'ELECTRONIC') fail('INVALID_TRANSITION', `Round "${round.title}" was counted on paper: it has no ballot log.`);
      // One snapshot: ballots and spent codes read while voting goes on must agree (else a false "break").
      const check = await ctx.db.transaction('REPEATABLE READ', (em) => verifyBallotLog(em, roundId));
      // The tally stays hidden until the round closes (issue 4, part 5); the chain is checked all the same.
      return round.status === 'CLOSED' || round.status === 'PUBLISHED' ? check : { ...check, tally: [] };
    }

    @Mutation(() => Round, { name: `close${A}Round`, description: 'Freezes the round once its minutes are confirmed.' })
    closeRound(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: AgencyContext): Promise<Round> {
      requireMay(ctx, 'runRounds');
      return closeRound(ctx.db, roundId);
    }

    @Mutation(() => Round, { name: `publish${A}Round`, description: 'Makes the results visible to the Organisation Board and dashboards.' })
    publishRound(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: AgencyContext): Promise<Round> {
      requireMay(ctx, 'runRounds');
      return publishRound(ctx.db, roundId);
    }
  }

  const officialResolvers = rulebookOf(agency).id === 'NQ96' ? [OfficialResolver, OfficialBindingVotesResolver, PublishedBindingVotesResolver] : [OfficialResolver];
  const auditLog = auditLogResolver(`${a}AuditLog`, (viewer) => requireMay({ agency, viewer }, 'readAuditLog'));
  return { resolvers: [AgencyRoundResolver, auditLog, ...officialResolvers], officialType: Official };
}

/** `castPartyBallot`, …: the anonymous voter's mutation. */
export function ballotCastingField(agency: AgencyConfig): string {
  return `cast${capitalised(agency)}Ballot`;
}

/**
 * Mutations the audit log leaves out. Casting a ballot is the voter's secret
 * act (R2): an entry per ballot, even without subject or input, would carry a
 * time and an order that the hash chain deliberately lacks, and the input
 * holds the ballot code, so its digest would tie the ballot to the code. The
 * ballot log itself, its chain and the spent codes are what account for casting.
 */
export function unauditedMutations(agency: AgencyConfig): string[] {
  return [ballotCastingField(agency)];
}

function single<T>(items: T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('expected one item');
  return item;
}

