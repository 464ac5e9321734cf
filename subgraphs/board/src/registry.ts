import { fail, isIsoDate, typedText } from '@tinnhiem/platform';
import type { DataSource } from 'typeorm';
import { Official, OfficialPost } from './entities/official.entity';
import type { ManagedBy, PoliticalLine } from './graphql/enums';
import type { OfficialInput } from './graphql/inputs';
import { officialSearchName, searchPattern } from './search';

/** Adds an official and their posts to the registry in one transaction. */
export async function registerOfficial(db: DataSource, input: OfficialInput): Promise<Official> {
  const code = typedText('code', input.code);
  const fullName = typedText('fullName', input.fullName);
  if (!code) fail('BAD_USER_INPUT', 'code is required: the cadre code.');
  if (!fullName) fail('BAD_USER_INPUT', 'fullName is required.');
  for (const [field, value] of [
    ['retirementAnnouncedOn', input.retirementAnnouncedOn],
    ['electedOrAppointedOn', input.electedOrAppointedOn],
  ] as const) {
    if (value != null && !isIsoDate(value)) fail('BAD_USER_INPUT', `${field} must be a date written YYYY-MM-DD, got "${value}".`);
  }
  const posts = uniquePosts(input.posts.map((p) => ({ line: p.line, title: typedText('posts.title', p.title), body: typedText('posts.body', p.body) })));
  if (posts.some((p) => !p.title || !p.body)) fail('BAD_USER_INPUT', 'Every post needs a title and a body.');
  try {
    return await db.transaction(async (em) => {
      if (await em.existsBy(Official, { code })) fail('DUPLICATE_OFFICIAL', `An official with code ${code} is already registered.`);
      const official = await em.save(
        em.create(Official, {
          code,
          fullName,
          searchName: officialSearchName(code, fullName),
          managedBy: input.managedBy,
          retirementAnnouncedOn: input.retirementAnnouncedOn ?? null,
          electedOrAppointedOn: input.electedOrAppointedOn ?? null,
        }),
      );
      if (posts.length > 0) await em.insert(OfficialPost, posts.map((p) => ({ ...p, officialCode: code })));
      return official;
    });
  } catch (error) {
    // Two registrations of one code at the same moment: the loser learns why.
    if ((error as { driverError?: { code?: string; constraint?: string } }).driverError?.constraint === 'official_pkey') {
      fail('DUPLICATE_OFFICIAL', `An official with code ${code} is already registered.`);
    }
    throw error;
  }
}

/** The same post listed twice (or once in NFC and once in NFD) is one post. */
function uniquePosts<P extends { line: string; title: string; body: string }>(posts: P[]): P[] {
  const seen = new Map<string, P>();
  for (const post of posts) seen.set(JSON.stringify([post.line, post.title, post.body]), post);
  return [...seen.values()];
}

export interface RegistryFilter {
  managedBy?: ManagedBy | null;
  line?: PoliticalLine | null;
  body?: string | null;
  search?: string | null;
  /** Only these codes (from filters on published results). */
  codes?: readonly string[] | null;
}

/**
 * A page of officials by cadre code, with the total. `line` and `body`
 * together mean one post in that line of that body. Two queries.
 */
export async function listOfficials(db: DataSource, filter: RegistryFilter, limit: number, offset: number): Promise<[Official[], number]> {
  const query = db.getRepository(Official).createQueryBuilder('o');
  if (filter.managedBy) query.andWhere('o.managed_by = :managedBy', { managedBy: filter.managedBy });
  const body = filter.body?.normalize('NFC').trim();
  if (filter.body != null && !body) fail('BAD_USER_INPUT', 'body must name the body of a post, e.g. "Hội đồng nhân dân thành phố".');
  if (filter.line || body) {
    query.andWhere(
      `EXISTS (SELECT 1 FROM official_post p WHERE p.official_code = o.code
        AND (CAST(:line AS text) IS NULL OR p.line = :line) AND (CAST(:body AS text) IS NULL OR p.body = :body))`,
      { line: filter.line ?? null, body: body || null },
    );
  }
  if (filter.search != null) query.andWhere(`o.search_name LIKE :pattern ESCAPE '\\'`, { pattern: searchPattern(filter.search) });
  if (filter.codes) query.andWhere('o.code = ANY(:codes)', { codes: [...filter.codes] });
  return query.orderBy('o.code', 'ASC').take(limit).skip(offset).getManyAndCount();
}
