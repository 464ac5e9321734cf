import { fail, isIsoDate } from '@tinnhiem/platform';
import type { DataSource } from 'typeorm';
import { Official, OfficialPost } from './entities/official.entity';
import type { OfficialInput } from './graphql/inputs';

/** Adds an official and their posts to the registry in one transaction. */
export async function registerOfficial(db: DataSource, input: OfficialInput): Promise<Official> {
  const code = input.code.normalize('NFC').trim();
  const fullName = input.fullName.normalize('NFC').trim();
  if (!code) fail('BAD_USER_INPUT', 'code is required: the cadre code.');
  if (!fullName) fail('BAD_USER_INPUT', 'fullName is required.');
  for (const [field, value] of [
    ['retirementAnnouncedOn', input.retirementAnnouncedOn],
    ['electedOrAppointedOn', input.electedOrAppointedOn],
  ] as const) {
    if (value != null && !isIsoDate(value)) fail('BAD_USER_INPUT', `${field} must be a date written YYYY-MM-DD, got "${value}".`);
  }
  const posts = uniquePosts(input.posts.map((p) => ({ line: p.line, title: p.title.normalize('NFC').trim(), body: p.body.normalize('NFC').trim() })));
  if (posts.some((p) => !p.title || !p.body)) fail('BAD_USER_INPUT', 'Every post needs a title and a body.');
  try {
    return await db.transaction(async (em) => {
      if (await em.existsBy(Official, { code })) fail('DUPLICATE_OFFICIAL', `An official with code ${code} is already registered.`);
      const official = await em.save(
        em.create(Official, {
          code,
          fullName,
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
