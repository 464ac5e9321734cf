import { fail, typedText, type Viewer } from '@tinnhiem/platform';
import { exclusionsFor, type Exclusion } from '@tinnhiem/rules';
import { IsNull, type DataSource } from 'typeorm';
import { Official } from '../entities/official.entity';
import type { PoliticalLine } from '../graphql/enums';
import { PlanEntry } from './plan-entry.entity';
import { requireYearInTerm } from './term-year';

export interface PlanPollInput {
  year: number;
  officialCode: string;
  line: PoliticalLine;
  body: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Puts an official on the voting plan of a line for a year. R9 keeps officials
 * awaiting retirement or elected or appointed in the year off the ballot, so
 * they are kept off the plan too, with the reason.
 */
export async function planPoll(db: DataSource, actor: Viewer, input: PlanPollInput): Promise<PlanEntry> {
  const year = requireYearInTerm(input.year);
  const code = typedText('officialCode', input.officialCode);
  const body = typedText('body', input.body);
  if (!body) fail('BAD_USER_INPUT', 'body is required: the body that is to poll the official.');
  try {
    return await db.transaction(async (em) => {
      const official = await em.findOneBy(Official, { code });
      if (!official) fail('NOT_FOUND', `No official with code "${code}" is in the registry; register the official first.`);
      const exclusions = exclusionsFor(official, year);
      if (exclusions.length > 0) {
        fail('NOMINEE_EXCLUDED', `${official.fullName} (${code}) is not polled in ${year}: ${exclusions.map((e) => e.message).join(' ')}`, {
          exclusions: exclusions.map((e) => e.code),
        });
      }
      const active = await em.findOneBy(PlanEntry, { year, officialCode: code, line: input.line, withdrawnAt: IsNull() });
      if (active) fail('DUPLICATE_PLAN_ENTRY', duplicateMessage(code, input.line, year), { planEntryId: active.id });
      const { identifiers } = await em.insert(PlanEntry, { year, officialCode: code, line: input.line, body, plannedBy: actor.subject, plannedByName: actor.name });
      return em.findOneByOrFail(PlanEntry, { id: (identifiers[0] as { id: string }).id });
    });
  } catch (error) {
    // Two analysts planning the same poll at the same moment: the unique index decides.
    if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'plan_entry_active') {
      fail('DUPLICATE_PLAN_ENTRY', duplicateMessage(code, input.line, year));
    }
    throw error;
  }
}

function duplicateMessage(code: string, line: PoliticalLine, year: number): string {
  return `${code} is already on the ${line} plan for ${year}; withdraw that entry first to plan it again.`;
}

/** Records that a planned poll will not take place, and why; the entry stays in the plan's history. */
export async function withdrawPlannedPoll(db: DataSource, actor: Viewer, id: string, reason: string): Promise<PlanEntry> {
  const why = typedText('reason', reason, 'note');
  const entry = UUID.test(id) ? await db.getRepository(PlanEntry).findOneBy({ id }) : null;
  if (!entry) fail('NOT_FOUND', `No plan entry has id "${id}".`);
  if (!why) fail('REASON_REQUIRED', 'Say why the planned poll is withdrawn (reason).');
  const updated = (await db.query(
    `UPDATE plan_entry SET withdrawn_at = clock_timestamp(), withdrawn_by = $2, withdrawn_by_name = $3, withdrawal_reason = $4
      WHERE id = $1 AND withdrawn_at IS NULL RETURNING id`,
    [id, actor.subject, actor.name, why],
  )) as [unknown[], number];
  if (updated[1] === 0) {
    const withdrawn = await db.getRepository(PlanEntry).findOneByOrFail({ id });
    fail('INVALID_TRANSITION', `This planned poll was already withdrawn on ${withdrawn.withdrawnAt?.toISOString().slice(0, 10)} by ${withdrawn.withdrawnByName}.`);
  }
  return db.getRepository(PlanEntry).findOneByOrFail({ id });
}

export interface PlanQuery {
  year: number;
  line?: PoliticalLine | null;
  includeWithdrawn?: boolean;
}

/** The plan of a year, by line and cadre code; active entries only unless asked. */
export function planEntries(db: DataSource, query: PlanQuery): Promise<PlanEntry[]> {
  return db.getRepository(PlanEntry).find({
    where: {
      year: query.year,
      ...(query.line ? { line: query.line } : {}),
      ...(query.includeWithdrawn ? {} : { withdrawnAt: IsNull() }),
    },
    order: { line: 'ASC', officialCode: 'ASC', plannedAt: 'ASC' },
  });
}

export interface ExcludedOfficial {
  official: Official;
  exclusions: Exclusion[];
}

/**
 * Officials R9 keeps off the ballot in a year, from the registry's facts; with
 * a line, those holding a post in it. One query.
 */
export async function excludedOfficials(db: DataSource, year: number, line?: PoliticalLine | null): Promise<ExcludedOfficial[]> {
  const query = db
    .getRepository(Official)
    .createQueryBuilder('o')
    .where('(o.retirement_announced_on IS NOT NULL OR o.elected_or_appointed_on IS NOT NULL)');
  if (line) query.andWhere('EXISTS (SELECT 1 FROM official_post p WHERE p.official_code = o.code AND p.line = :line)', { line });
  const candidates = await query.orderBy('o.code', 'ASC').getMany();
  return candidates
    .map((official) => ({ official, exclusions: exclusionsFor(official, year) }))
    .filter((c) => c.exclusions.length > 0);
}
