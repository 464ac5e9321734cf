import { fail, type Viewer } from '@tinnhiem/platform';
import DataLoader from 'dataloader';
import type { LowConfidenceBand } from '@tinnhiem/rules';
import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { In, type DataSource } from 'typeorm';
import { may, requireMay, requireReader } from '../access';
import { Official, OfficialPost } from '../entities/official.entity';
import type { LineResultsReader, MissingLine } from '../lines/line-results';
import type { FollowUpStatus } from '../follow-up/status';
import { FollowUpStatusEnum } from './follow-up-status.enum';
import { requireYearInTerm } from '../plan/term-year';
import { listOfficials, registerOfficial } from '../registry';
import { codesMatchingResults, hasResultFilter, type ResultFilter } from '../search';
import { ManagedBy, PoliticalLine } from './enums';
import { followUpItems, MissingLineView } from './follow-up.resolver';
import { OfficialInput } from './inputs';
import { BandEnum } from './line-result.types';

export interface BoardSettings {
  /** Places allowed across all lines in one year (R11); see DEFAULT_CONSOLIDATED_PLACES_LIMIT. */
  readonly placesLimit: number;
  /** Days after publication before a low-confidence result without a decision is overdue (R12). */
  readonly followUpDays: number;
}

export interface BoardContext {
  readonly db: DataSource;
  readonly viewer: Viewer | null;
  readonly loaders: BoardLoaders;
  readonly settings: BoardSettings;
  /** Every line's published results, read once per request. */
  readonly lines: LineResultsReader;
  readonly now: () => Date;
}

export interface BoardLoaders {
  official: DataLoader<string, Official | null>;
  posts: DataLoader<string, OfficialPost[]>;
}

export function createBoardLoaders(db: DataSource): BoardLoaders {
  return {
    official: new DataLoader(async (codes) => {
      const rows = await db.getRepository(Official).findBy({ code: In([...codes]) });
      return codes.map((code) => rows.find((o) => o.code === code) ?? null);
    }),
    posts: new DataLoader(async (codes) => {
      const rows = await db.getRepository(OfficialPost).find({ where: { officialCode: In([...codes]) }, order: { line: 'ASC', title: 'ASC' } });
      return codes.map((code) => rows.filter((p) => p.officialCode === code));
    }),
  };
}

@ObjectType({ description: 'A page of officials.' })
export class OfficialPage {
  @Field(() => [Official]) items!: Official[];
  @Field(() => Int) total!: number;
  @Field(() => Int) offset!: number;
  @Field(() => Int) limit!: number;
  @Field(() => [MissingLineView], { description: 'Lines a filter on results could not read: officials polled only there are not listed.' })
  missingLines!: MissingLineView[];
}

/** The registry is readable by every role of the system; only Board analysts add to it. */
@Resolver(() => Official)
export class OfficialResolver {
  @Query(() => Official, { nullable: true })
  async official(@Arg('code', () => ID) code: string, @Ctx() ctx: BoardContext): Promise<Official | null> {
    requireReader(ctx.viewer);
    const wanted = code.normalize('NFC').trim();
    const official = await ctx.loaders.official.load(wanted);
    if (!official) fail('NOT_FOUND', `No official with code "${wanted}" is in the registry.`);
    return official;
  }

  @Query(() => OfficialPage, { description: 'Officials in the registry, by cadre code. Every filter is optional; given together, all must hold.' })
  async officials(
    @Ctx() ctx: BoardContext,
    @Arg('managedBy', () => ManagedBy, { nullable: true }) managedBy?: ManagedBy | null,
    @Arg('line', () => PoliticalLine, { nullable: true, description: 'Officials holding a post in this line.' }) line?: PoliticalLine | null,
    @Arg('body', () => String, { nullable: true, description: 'Officials holding a post of this body (in `line`, when given).' }) body?: string | null,
    @Arg('search', () => String, { nullable: true, description: 'Part of the name or code; diacritics and case do not matter ("nguyen van an").' })
    search?: string | null,
    @Arg('year', () => Int, { nullable: true, description: 'The year whose published results `band`, `polledBy` and `followUpStatus` read.' })
    year?: number | null,
    @Arg('band', () => BandEnum, { nullable: true, description: 'The worst band of the official’s results in `year`, across lines.' })
    band?: LowConfidenceBand | null,
    @Arg('polledBy', () => PoliticalLine, { nullable: true, description: 'Officials with a published result of this line in `year`.' })
    polledBy?: PoliticalLine | null,
    @Arg('followUpStatus', () => FollowUpStatusEnum, { nullable: true, description: 'Officials with a result in `year` whose follow-up (R12) stands so; Board analysts only.' })
    followUpStatus?: FollowUpStatus | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<OfficialPage> {
    const viewer = requireReader(ctx.viewer);
    if (limit < 1 || limit > 1000) fail('BAD_USER_INPUT', `limit must be between 1 and 1000, got ${limit}.`);
    if (offset < 0) fail('BAD_USER_INPUT', `offset cannot be negative, got ${offset}.`);
    if (followUpStatus && !may(viewer, 'followUp')) {
      fail('FORBIDDEN', 'followUpStatus reads the Board’s follow-up decisions: only the role board:analyst may filter on it.');
    }
    const resultFilter = { band, polledBy, followUpStatus };
    if (hasResultFilter(resultFilter) && year == null) fail('BAD_USER_INPUT', 'band, polledBy and followUpStatus read the results of one year: give year too.');
    if (year != null) requireYearInTerm(year);
    const matching = year != null && hasResultFilter(resultFilter) ? await matchingResults(ctx, year, resultFilter) : null;
    const [items, total] = await listOfficials(ctx.db, { managedBy, line, body, search, codes: matching?.codes ?? null }, limit, offset);
    return { items, total, offset, limit, missingLines: matching?.missing ?? [] };
  }

  @FieldResolver(() => [OfficialPost], { description: 'Posts held in each line.' })
  posts(@Root() official: Official, @Ctx() ctx: BoardContext): Promise<OfficialPost[]> {
    return ctx.loaders.posts.load(official.code);
  }

  @Mutation(() => Official, { description: 'Adds an official to the registry (Board analysts).' })
  registerOfficial(@Arg('input', () => OfficialInput) input: OfficialInput, @Ctx() ctx: BoardContext): Promise<Official> {
    requireMay(ctx.viewer, 'keepRegistry');
    return registerOfficial(ctx.db, input);
  }
}

/** Officials whose published results of the year pass the filter, and the lines that could not be read. */
async function matchingResults(ctx: BoardContext, year: number, filter: ResultFilter): Promise<{ codes: string[]; missing: MissingLine[] }> {
  const [{ results, missing }, followUps] = await Promise.all([ctx.lines.published(year), filter.followUpStatus ? followUpItems(ctx, year) : []]);
  return { codes: codesMatchingResults(results, followUps, filter), missing };
}
