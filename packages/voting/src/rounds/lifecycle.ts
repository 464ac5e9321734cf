import { checkQuorum, exclusionsFor, type BaseKind } from '@tinnhiem/rules';
import { fail, isIsoDate, localDate, type Viewer } from '@tinnhiem/platform';
import type { DataSource } from 'typeorm';
import { baseKindOf, rulebookOf, type AgencyConfig } from '../agency';
import { Nominee, Round } from '../entities';
import type { BallotMode, ManagedBy } from '../graphql/enums';
import { minutesFromLog, sealRound } from '../ballots/log-minutes';
import { lockRound, requireStatus } from './guards';
import { latestEntry } from './tally';

export interface RoundPlan {
  mode?: BallotMode | null;
  title: string;
  body: string;
  year: number;
  summoned: number;
  base?: BaseKind | null;
}

export interface NomineePlan {
  officialCode: string;
  fullName: string;
  posts: string[];
  managedBy: ManagedBy;
  retirementAnnouncedOn?: string | null;
  electedOrAppointedOn?: string | null;
}

export async function createRound(db: DataSource, agency: AgencyConfig, actor: Viewer, plan: RoundPlan): Promise<Round> {
  const title = plan.title.normalize('NFC').trim();
  const body = plan.body.normalize('NFC').trim();
  if (!title) fail('BAD_USER_INPUT', 'Give the round a title.');
  if (!body) fail('BAD_USER_INPUT', 'Name the body whose members vote (for example "Ban Chấp hành Đảng bộ thành phố").');
  if (!Number.isSafeInteger(plan.year) || plan.year < 2000 || plan.year > 2200) {
    fail('BAD_USER_INPUT', `The year ${plan.year} is not a plausible voting year.`);
  }
  if (!Number.isSafeInteger(plan.summoned) || plan.summoned < 1) {
    fail('BAD_USER_INPUT', `summoned must be a whole number of at least 1, got ${plan.summoned}.`);
  }
  return db.getRepository(Round).save(
    db.getRepository(Round).create({
      title,
      body,
      year: plan.year,
      rulebook: rulebookOf(agency).id,
      baseKind: plan.base ?? baseKindOf(agency),
      mode: plan.mode ?? 'PAPER',
      status: 'DRAFT',
      summoned: plan.summoned,
      present: null,
      createdBy: actor.subject,
    }),
  );
}

/** Puts a person on the ballot, unless R9 excludes them; the refusal names the reason. */
export async function addNominee(db: DataSource, roundId: string, plan: NomineePlan): Promise<Nominee> {
  return db.transaction(async (em) => {
    const round = await lockRound(em, roundId);
    requireStatus(round, ['DRAFT'], 'add a nominee');
    const officialCode = plan.officialCode.normalize('NFC').trim();
    const fullName = plan.fullName.normalize('NFC').trim();
    const posts = plan.posts.map((p) => p.normalize('NFC').trim()).filter((p) => p.length > 0);
    if (!officialCode) fail('BAD_USER_INPUT', 'officialCode is required: the cadre code from the registry.');
    if (!fullName) fail('BAD_USER_INPUT', 'fullName is required.');
    if (posts.length === 0) fail('BAD_USER_INPUT', 'List at least one post that this poll covers.');
    for (const [field, value] of [
      ['retirementAnnouncedOn', plan.retirementAnnouncedOn],
      ['electedOrAppointedOn', plan.electedOrAppointedOn],
    ] as const) {
      if (value != null && !isIsoDate(value)) fail('BAD_USER_INPUT', `${field} must be a date written YYYY-MM-DD, got "${value}".`);
    }
    const exclusions = exclusionsFor(plan, round.year, localDate(new Date()));
    if (exclusions.length > 0) {
      fail('NOMINEE_EXCLUDED', `${fullName} cannot be put on the ballot: ${exclusions.map((e) => e.message).join(' ')}`, {
        exclusions: exclusions.map((e) => ({ code: e.code, source: e.source })),
      });
    }
    const repo = em.getRepository(Nominee);
    if (await repo.exists({ where: { roundId, officialCode } })) {
      fail('DUPLICATE_NOMINEE', `${officialCode} is already on this ballot; one row covers all of a person’s posts.`);
    }
    const ballotOrder = (await repo.count({ where: { roundId } })) + 1;
    return repo.save(
      repo.create({
        roundId,
        ballotOrder,
        officialCode,
        fullName,
        posts,
        managedBy: plan.managedBy,
        retirementAnnouncedOn: plan.retirementAnnouncedOn ?? null,
        electedOrAppointedOn: plan.electedOrAppointedOn ?? null,
      }),
    );
  });
}

/** Opens the conference: records who is present and refuses below quorum (R3). */
export async function openRound(db: DataSource, agency: AgencyConfig, roundId: string, present: number, at = new Date()): Promise<Round> {
  return db.transaction(async (em) => {
    const round = await lockRound(em, roundId);
    requireStatus(round, ['DRAFT'], 'open the round');
    if (!Number.isSafeInteger(present) || present < 0) {
      fail('BAD_USER_INPUT', `present must be a whole number of at least 0, got ${present}.`);
    }
    if (present > round.summoned) {
      fail('COUNT_INVARIANT_VIOLATED', `present (${present}) cannot exceed summoned (${round.summoned}).`);
    }
    const quorum = checkQuorum(round.summoned, present, rulebookOf(agency));
    if (!quorum.met) {
      fail('QUORUM_NOT_MET',
        `Only ${present} of ${round.summoned} summoned are present; at least ${quorum.required} are needed (${quorum.source}).`,
        { required: quorum.required });
    }
    if ((await em.count(Nominee, { where: { roundId } })) === 0) {
      fail('INVALID_TRANSITION', 'Add at least one nominee before opening the round.');
    }
    round.present = present;
    round.status = 'OPEN';
    round.openedAt = at;
    return em.save(round);
  });
}

export async function startCounting(db: DataSource, roundId: string): Promise<Round> {
  return db.transaction(async (em) => {
    const round = await lockRound(em, roundId);
    requireStatus(round, ['OPEN'], 'start counting');
    round.status = 'COUNTING';
    round.countingAt = new Date();
    return em.save(round);
  });
}

/** Freezes the round; its latest minutes must have been confirmed by a second counter. */
export async function closeRound(db: DataSource, roundId: string): Promise<Round> {
  return db.transaction(async (em) => {
    const round = await lockRound(em, roundId);
    requireStatus(round, ['COUNTING'], 'close the round');
    // An electronic round's minutes are its ballot log, counted once the chain verifies.
    if (round.mode === 'ELECTRONIC') await minutesFromLog(em, round);
    const latest = await latestEntry(em, roundId);
    if (!latest) fail('NO_CONFIRMED_TALLY', 'Enter the counting minutes before closing the round.');
    if (!latest.confirmation) {
      fail('NO_CONFIRMED_TALLY', 'The latest counting minutes await confirmation by a second counter.');
    }
    round.status = 'CLOSED';
    round.closedAt = new Date();
    return em.save(round);
  });
}

/** `at` (here and in openRound) lets demo data carry its 2023 dates; the GraphQL mutations always use now. */
export async function publishRound(db: DataSource, roundId: string, at = new Date()): Promise<Round> {
  return db.transaction(async (em) => {
    const round = await lockRound(em, roundId);
    requireStatus(round, ['CLOSED'], 'publish the round');
    round.status = 'PUBLISHED';
    round.publishedAt = at;
    if (round.mode === 'ELECTRONIC') round.sealDigest = await sealRound(em, round);
    return em.save(round);
  });
}
