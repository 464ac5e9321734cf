import { fail, requireRole, requireViewer, type Viewer } from '@tinnhiem/platform';
import DataLoader from 'dataloader';
import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { In, type DataSource } from 'typeorm';
import { Official, OfficialPost } from '../entities/official.entity';
import type { LineResultsReader } from '../lines/line-results';
import { registerOfficial } from '../registry';
import { ManagedBy, PoliticalLine } from './enums';
import { OfficialInput } from './inputs';

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
}

/** The registry is readable by anyone signed in; only Board analysts add to it. */
@Resolver(() => Official)
export class OfficialResolver {
  @Query(() => Official, { nullable: true })
  official(@Arg('code', () => ID) code: string, @Ctx() ctx: BoardContext): Promise<Official | null> {
    requireViewer(ctx.viewer);
    return ctx.loaders.official.load(code.normalize('NFC').trim());
  }

  @Query(() => OfficialPage, { description: 'Officials in the registry, by cadre code.' })
  async officials(
    @Ctx() ctx: BoardContext,
    @Arg('managedBy', () => ManagedBy, { nullable: true }) managedBy?: ManagedBy | null,
    @Arg('line', () => PoliticalLine, { nullable: true, description: 'Officials holding a post in this line.' }) line?: PoliticalLine | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<OfficialPage> {
    requireViewer(ctx.viewer);
    if (limit < 1 || limit > 1000) fail('BAD_USER_INPUT', `limit must be between 1 and 1000, got ${limit}.`);
    if (offset < 0) fail('BAD_USER_INPUT', `offset cannot be negative, got ${offset}.`);
    const query = ctx.db.getRepository(Official).createQueryBuilder('o');
    if (managedBy) query.andWhere('o.managed_by = :managedBy', { managedBy });
    if (line) query.andWhere('EXISTS (SELECT 1 FROM official_post p WHERE p.official_code = o.code AND p.line = :line)', { line });
    const [items, total] = await query.orderBy('o.code', 'ASC').take(limit).skip(offset).getManyAndCount();
    return { items, total, offset, limit };
  }

  @FieldResolver(() => [OfficialPost], { description: 'Posts held in each line.' })
  posts(@Root() official: Official, @Ctx() ctx: BoardContext): Promise<OfficialPost[]> {
    return ctx.loaders.posts.load(official.code);
  }

  @Mutation(() => Official, { description: 'Adds an official to the registry (Board analysts).' })
  registerOfficial(@Arg('input', () => OfficialInput) input: OfficialInput, @Ctx() ctx: BoardContext): Promise<Official> {
    requireRole(ctx.viewer, 'board:analyst');
    return registerOfficial(ctx.db, input);
  }
}
