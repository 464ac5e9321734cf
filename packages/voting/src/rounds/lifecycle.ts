import { checkQuorum, exclusionsFor, isCount, petitionTriggersBindingVote, type BaseKind, type BindingVoteTrigger } from '@tinnhiem/rules';
import { fail, isIsoDate, localDate, optionalTypedText, typedText, type Viewer } from '@tinnhiem/platform';
import type { DataSource } from 'typeorm';
import { baseKindOf, rulebookOf, type AgencyConfig } from '../agency';
import { Nominee, Round } from '../entities';
import type { BallotMode, ManagedBy, RoundKind } from '../graphql/enums';
import { minutesFromLog, sealRound } from '../ballots/log-minutes';
import { isUuid, lockRound, requireStatus } from './guards';
import { publishedResults } from './published';
import { latestEntry } from './tally';

/** What puts a binding vote on the agenda (R8); each reason takes its own data. */
export interface BindingVoteTriggerPlan {
  reason: BindingVoteTrigger;
  /** LOW_CONFIDENCE_OVER_HALF: the nominee id of the published confidence-poll result. */
  pollNomineeId?: string | null;
  /** DELEGATE_PETITION: delegates who signed. */
  petitioners?: number | null;
  /** Required for FATHERLAND_FRONT_RECOMMENDATION, optional for the others. */
  documentRef?: string | null;
}

export interface RoundPlan {
  mode?: BallotMode | null;
  kind?: RoundKind | null;
  trigger?: BindingVoteTriggerPlan | null;
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

type TriggerColumns = Pick<Round, 'triggerReason' | 'triggerNomineeId' | 'triggerPetitioners' | 'triggerDocumentRef'>;

const NO_TRIGGER: TriggerColumns = { triggerReason: null, triggerNomineeId: null, triggerPetitioners: null, triggerDocumentRef: null };

export async function createRound(db: DataSource, agency: AgencyConfig, actor: Viewer, plan: RoundPlan): Promise<Round> {
  const kind = plan.kind ?? 'CONFIDENCE_POLL';
  const rulebook = rulebookOf(agency);
  if (kind === 'BINDING_VOTE' && rulebook.id !== 'NQ96') {
    fail('NOT_IN_RULEBOOK',
      `The ${agency.name} follows ${rulebook.source}; binding votes (bỏ phiếu tín nhiệm) are held here by People’s Councils under NQ 96/2023/QH15 Art. 13. Plan a CONFIDENCE_POLL instead.`);
  }
  const title = typedText('title', plan.title);
  const body = typedText('body', plan.body);
  if (!title) fail('BAD_USER_INPUT', 'Give the round a title.');
  if (!body) fail('BAD_USER_INPUT', 'Name the body whose members vote (for example "Ban Chấp hành Đảng bộ thành phố").');
  if (!Number.isSafeInteger(plan.year) || plan.year < 2000 || plan.year > 2200) {
    fail('BAD_USER_INPUT', `The year ${plan.year} is not a plausible voting year.`);
  }
  if (!Number.isSafeInteger(plan.summoned) || plan.summoned < 1) {
    fail('BAD_USER_INPUT', `summoned must be a whole number of at least 1, got ${plan.summoned}.`);
  }
  if (kind === 'CONFIDENCE_POLL' && plan.trigger) {
    fail('BAD_USER_INPUT', 'A confidence poll has no trigger: it is held in the mid-term year (R10). A trigger belongs to a BINDING_VOTE.');
  }
  if (kind === 'BINDING_VOTE' && plan.base) {
    fail('BAD_USER_INPUT', 'A binding vote takes no base: its majority is counted over all delegates, the summoned (R8).');
  }
  const trigger = kind === 'BINDING_VOTE' ? await bindingVoteTrigger(db, agency, plan.trigger, plan.summoned) : NO_TRIGGER;
  return db.getRepository(Round).save(
    db.getRepository(Round).create({
      title,
      body,
      year: plan.year,
      rulebook: rulebook.id,
      // The base a binding round names is the one its majority is counted over: all delegates.
      baseKind: kind === 'BINDING_VOTE' ? 'SUMMONED' : plan.base ?? baseKindOf(agency),
      mode: plan.mode ?? 'PAPER',
      kind,
      ...trigger,
      status: 'DRAFT',
      summoned: plan.summoned,
      present: null,
      createdBy: actor.subject,
    }),
  );
}

/** Checks a binding vote's trigger against R8 and turns it into the round's columns. */
async function bindingVoteTrigger(
  db: DataSource,
  agency: AgencyConfig,
  trigger: BindingVoteTriggerPlan | null | undefined,
  allDelegates: number,
): Promise<TriggerColumns> {
  if (!trigger) {
    fail('BAD_USER_INPUT',
      'A binding vote needs its trigger (R8): LOW_CONFIDENCE_OVER_HALF with pollNomineeId, DELEGATE_PETITION with petitioners, or FATHERLAND_FRONT_RECOMMENDATION with documentRef.');
  }
  const { reason, pollNomineeId, petitioners } = trigger;
  if (pollNomineeId != null && reason !== 'LOW_CONFIDENCE_OVER_HALF') {
    fail('BAD_USER_INPUT', `pollNomineeId belongs to a LOW_CONFIDENCE_OVER_HALF trigger, not to ${reason}.`);
  }
  if (petitioners != null && reason !== 'DELEGATE_PETITION') {
    fail('BAD_USER_INPUT', `petitioners belongs to a DELEGATE_PETITION trigger, not to ${reason}.`);
  }
  const columns: TriggerColumns = { ...NO_TRIGGER, triggerReason: reason, triggerDocumentRef: optionalTypedText('trigger.documentRef', trigger.documentRef) };
  switch (reason) {
    case 'LOW_CONFIDENCE_OVER_HALF':
      return { ...columns, triggerNomineeId: await overHalfPollResult(db, agency, pollNomineeId) };
    case 'DELEGATE_PETITION': {
      if (petitioners == null) fail('BAD_USER_INPUT', 'A DELEGATE_PETITION trigger gives the number of delegates who signed (petitioners).');
      if (!isCount(petitioners) || petitioners > allDelegates) {
        fail('BAD_USER_INPUT', `petitioners must be a whole number between 0 and the ${allDelegates} delegates summoned, got ${petitioners}.`);
      }
      if (!petitionTriggersBindingVote(petitioners, allDelegates)) {
        const required = Math.ceil(allDelegates / 3);
        fail('PETITION_TOO_SMALL',
          `${petitioners} of the ${allDelegates} delegates petitioned; a binding vote needs at least one third of all delegates, ${required} (NQ 96/2023/QH15 Art. 13).`,
          { petitioners, required, allDelegates });
      }
      return { ...columns, triggerPetitioners: petitioners };
    }
    case 'FATHERLAND_FRONT_RECOMMENDATION':
      if (!columns.triggerDocumentRef) {
        fail('BAD_USER_INPUT', 'A Fatherland Front recommendation is recorded with the reference of its document (documentRef).');
      }
      return columns;
  }
}

/** R7's middle band: a published confidence-poll result of this agency, over half and under two thirds low. */
async function overHalfPollResult(db: DataSource, agency: AgencyConfig, nomineeId: string | null | undefined): Promise<string> {
  if (!nomineeId) {
    fail('BAD_USER_INPUT', 'A LOW_CONFIDENCE_OVER_HALF trigger names the result: give pollNomineeId, the nominee id in the published confidence poll.');
  }
  const [result] = isUuid(nomineeId) ? await publishedResults(db, agency, { nomineeIds: [nomineeId] }) : [];
  if (!result) fail('NOT_FOUND', `No published confidence-poll result of the ${agency.name} has nominee id "${nomineeId}".`);
  if (result.band !== 'OVER_HALF') {
    const low = `${result.counts.low} low of ${result.base.size} (${result.percentages.low ?? '–'}%)`;
    fail('NOT_LOW_CONFIDENCE', result.band === 'NOT_OVER_HALF'
      ? `${result.fullName}’s result in "${result.roundTitle}" is ${low}, not more than half: no binding vote follows from it (NQ 96/2023/QH15 Art. 12).`
      : `${result.fullName}’s result in "${result.roundTitle}" is ${low}, two thirds or more: the nominating authority submits dismissal instead (NQ 96/2023/QH15 Art. 12).`,
    { band: result.band });
  }
  return nomineeId;
}

/** Puts a person on the ballot, unless R9 excludes them; the refusal names the reason. */
export async function addNominee(db: DataSource, roundId: string, plan: NomineePlan): Promise<Nominee> {
  return db.transaction(async (em) => {
    const round = await lockRound(em, roundId);
    requireStatus(round, ['DRAFT'], 'add a nominee');
    const officialCode = typedText('officialCode', plan.officialCode);
    const fullName = typedText('fullName', plan.fullName);
    const posts = plan.posts.map((p) => typedText('posts', p)).filter((p) => p.length > 0);
    if (!officialCode) fail('BAD_USER_INPUT', 'officialCode is required: the cadre code from the registry.');
    if (!fullName) fail('BAD_USER_INPUT', 'fullName is required.');
    if (posts.length === 0) fail('BAD_USER_INPUT', 'List at least one post that this poll covers.');
    if (round.triggerNomineeId) {
      const polled = await em.findOneByOrFail(Nominee, { id: round.triggerNomineeId });
      if (polled.officialCode !== officialCode) {
        fail('BAD_USER_INPUT', `This binding vote follows the confidence-poll result of ${polled.fullName} (${polled.officialCode}); only they go on its ballot.`);
      }
    }
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
