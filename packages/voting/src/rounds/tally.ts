import {
  validateBindingVoteCounts,
  validateNomineeCounts,
  validateRoundCounts,
  type BindingVoteCounts,
  type NomineeCounts,
  type Violation,
} from '@tinnhiem/rules';
import { fail, optionalTypedText, type Viewer } from '@tinnhiem/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { Nominee, TallyConfirmation, TallyEntry, TallyLine, type Round } from '../entities';
import { isUuid, lockRound, requireStatus } from './guards';

export interface TallyLineFigures {
  nomineeId: string;
  high: number;
  confident: number;
  low: number;
  invalid: number;
}

/** A binding vote's line: TRUST and NO_TRUST marks, and rows left blank or marked twice (R8, R1). */
export interface BindingLineFigures extends BindingVoteCounts {
  nomineeId: string;
}

/** The figures of the counting minutes (biên bản kiểm phiếu): `lines` for a poll, `bindingLines` for a binding vote. */
export interface TallyFigures {
  ballotsIssued: number;
  ballotsCollected: number;
  validBallots: number;
  lines?: TallyLineFigures[] | null;
  bindingLines?: BindingLineFigures[] | null;
}

/** A line as stored: its round kind's columns filled, the other kind's NULL. */
type MinutesLine =
  | (TallyLineFigures & { trust: null; noTrust: null })
  | (BindingLineFigures & { high: null; confident: null; low: null });

const LINE_FIGURES = ['high', 'confident', 'low', 'trust', 'noTrust', 'invalid'] as const;

export interface RecordedEntry {
  entry: TallyEntry;
  lines: TallyLine[];
  confirmation: TallyConfirmation | null;
}

/**
 * Records minutes as entered by one counter. During counting this is the
 * count itself; after the round closes it is a correction and needs a reason.
 * Either way it only counts once a second counter confirms identical figures.
 */
export async function enterTally(
  db: DataSource,
  actor: Viewer,
  roundId: string,
  figures: TallyFigures,
  correctionReason?: string | null,
): Promise<RecordedEntry> {
  return db.transaction(async (em) => {
    const round = await lockRound(em, roundId);
    // Published results are sealed: the Board and dashboards act on them.
    requireStatus(round, ['COUNTING', 'CLOSED'], 'enter counting minutes');
    if (round.mode === 'ELECTRONIC') {
      fail('INVALID_TRANSITION', `Round "${round.title}" is counted from its electronic ballot log when it closes; no minutes are entered by hand.`);
    }
    const reason = optionalTypedText('correctionReason', correctionReason, 'note');
    const isCorrection = round.status !== 'COUNTING';
    if (isCorrection && !reason) {
      fail('REASON_REQUIRED',
        `Round "${round.title}" is ${round.status}: its minutes can only be corrected by a new entry that gives the reason.`);
    }
    if (!isCorrection && reason) {
      fail('BAD_USER_INPUT', 'A correction reason is only given after the round has closed; during counting, enter the minutes again.');
    }
    const nominees = await em.find(Nominee, { where: { roundId }, order: { ballotOrder: 'ASC' } });
    const minutesLines = checkFigures(round, nominees, figures);

    const entry = await em.save(
      em.create(TallyEntry, {
        roundId,
        enteredBy: actor.subject,
        enteredByName: actor.name,
        summoned: round.summoned,
        present: round.present ?? 0,
        ballotsIssued: figures.ballotsIssued,
        ballotsCollected: figures.ballotsCollected,
        validBallots: figures.validBallots,
        correctionReason: reason,
      }),
    );
    const lines = minutesLines.map(({ nomineeId, high, confident, low, trust, noTrust, invalid }) =>
      em.create(TallyLine, { entryId: entry.id, nomineeId, high, confident, low, trust, noTrust, invalid }),
    );
    await em.insert(TallyLine, lines);
    const stored = await em.findOneByOrFail(TallyEntry, { id: entry.id });
    return { entry: stored, lines, confirmation: null };
  });
}

/**
 * A second counter re-enters the figures they counted; the entry counts only
 * if every figure is identical (R13). The error names which figures differ but
 * not the first counter's values, so the second count stays independent.
 */
export async function confirmTally(db: DataSource, actor: Viewer, entryId: string, figures: TallyFigures): Promise<RecordedEntry> {
  return db.transaction(async (em) => {
    const found = isUuid(entryId) ? await em.findOneBy(TallyEntry, { id: entryId }) : null;
    if (!found) fail('NOT_FOUND', `No counting minutes with id "${entryId}" exist in this agency.`);
    const round = await lockRound(em, found.roundId);
    requireStatus(round, found.correctionReason ? ['CLOSED'] : ['COUNTING'], 'confirm these minutes');
    const latest = await latestEntry(em, round.id);
    if (latest?.entry.id !== found.id) {
      fail('INVALID_TRANSITION', 'Newer minutes have been entered for this round; confirm those instead.');
    }
    if (latest.confirmation) fail('ALREADY_CONFIRMED', `These minutes were already confirmed by ${latest.confirmation.confirmedByName}.`);
    if (found.enteredBy === actor.subject) {
      fail('SELF_CONFIRMATION', 'You entered these minutes; a second counter must confirm them.');
    }
    // Which figures differ is not said: naming them would let a counter find the
    // first count by trying, instead of recounting the ballots.
    if (!sameFigures(found, latest.lines, linesOfKind(round, figures), figures)) {
      fail('TALLY_MISMATCH', 'Your figures differ from the entered minutes. Recount the ballots with the counting committee, or enter new minutes.');
    }
    const confirmation = await em.save(
      em.create(TallyConfirmation, { entryId: found.id, confirmedBy: actor.subject, confirmedByName: actor.name }),
    );
    return { entry: found, lines: latest.lines, confirmation: await em.findOneByOrFail(TallyConfirmation, { entryId: confirmation.entryId }) };
  });
}

export async function latestEntry(em: EntityManager, roundId: string): Promise<RecordedEntry | null> {
  const entry = await em.findOne(TallyEntry, { where: { roundId }, order: { seq: 'DESC' } });
  if (!entry) return null;
  const [lines, confirmation] = await Promise.all([
    em.find(TallyLine, { where: { entryId: entry.id } }),
    em.findOneBy(TallyConfirmation, { entryId: entry.id }),
  ]);
  return { entry, lines, confirmation };
}

/** Every entry of a round, oldest first, with its lines and confirmation: corrections never hide the past. */
export async function tallyHistory(em: EntityManager, roundIds: readonly string[]): Promise<Map<string, RecordedEntry[]>> {
  const history = new Map<string, RecordedEntry[]>(roundIds.map((id) => [id, []]));
  if (roundIds.length === 0) return history;
  const entries = await em
    .createQueryBuilder(TallyEntry, 'e')
    .where('e.round_id = ANY(:roundIds)', { roundIds })
    .orderBy('e.seq', 'ASC')
    .getMany();
  if (entries.length === 0) return history;
  const entryIds = entries.map((e) => e.id);
  const [lines, confirmations] = await Promise.all([
    em.createQueryBuilder(TallyLine, 'l').where('l.entry_id = ANY(:entryIds)', { entryIds }).getMany(),
    em.createQueryBuilder(TallyConfirmation, 'c').where('c.entry_id = ANY(:entryIds)', { entryIds }).getMany(),
  ]);
  for (const entry of entries) {
    history.get(entry.roundId)?.push({
      entry,
      lines: lines.filter((l) => l.entryId === entry.id),
      confirmation: confirmations.find((c) => c.entryId === entry.id) ?? null,
    });
  }
  return history;
}

/** The minutes that count: the latest confirmed entry. */
export function effectiveEntry(history: readonly RecordedEntry[]): RecordedEntry | null {
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const recorded = history[i];
    if (recorded?.confirmation) return recorded;
  }
  return null;
}

/** A stored line's poll levels; null for a binding vote's line. */
export function pollCounts(line: TallyLine): NomineeCounts | null {
  const { high, confident, low, invalid } = line;
  return high === null || confident === null || low === null ? null : { high, confident, low, invalid };
}

/** A stored line's trust and no trust; null for a poll's line. */
export function bindingCounts(line: TallyLine): BindingVoteCounts | null {
  const { trust, noTrust, invalid } = line;
  return trust === null || noTrust === null ? null : { trust, noTrust, invalid };
}

/** The lines of the round's kind; the other kind's are refused, so one set of minutes never mixes two ballots. */
function linesOfKind(round: Round, figures: TallyFigures): MinutesLine[] {
  const poll = figures.lines ?? [];
  const binding = figures.bindingLines ?? [];
  if (round.kind === 'BINDING_VOTE') {
    if (poll.length > 0) {
      fail('BAD_USER_INPUT', `Round "${round.title}" is a binding vote: give bindingLines (trust, noTrust, invalid per nominee), not the levels of a confidence poll.`);
    }
    return binding.map(({ nomineeId, trust, noTrust, invalid }) => ({ nomineeId, high: null, confident: null, low: null, trust, noTrust, invalid }));
  }
  if (binding.length > 0) {
    fail('BAD_USER_INPUT', `Round "${round.title}" is a confidence poll: give lines (high, confident, low, invalid per nominee); trust and no trust belong to a binding vote.`);
  }
  return poll.map(({ nomineeId, high, confident, low, invalid }) => ({ nomineeId, high, confident, low, trust: null, noTrust: null, invalid }));
}

function checkFigures(round: Round, nominees: Nominee[], figures: TallyFigures): MinutesLine[] {
  const counts = {
    summoned: round.summoned,
    present: round.present ?? 0,
    ballotsIssued: figures.ballotsIssued,
    ballotsCollected: figures.ballotsCollected,
    validBallots: figures.validBallots,
  };
  const violations: Violation[] = [...validateRoundCounts(counts)];
  const byId = new Map(nominees.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const lines = linesOfKind(round, figures);
  for (const line of lines) {
    const nominee = byId.get(line.nomineeId);
    if (!nominee) fail('NOT_FOUND', `Nominee "${line.nomineeId}" is not on the ballot of round "${round.title}".`);
    if (seen.has(line.nomineeId)) fail('BAD_USER_INPUT', `${nominee.fullName} appears twice in the minutes; give one line per nominee.`);
    seen.add(line.nomineeId);
    violations.push(...(line.trust === null
      ? validateNomineeCounts(line, figures.validBallots, nominee.fullName)
      : validateBindingVoteCounts(line, figures.validBallots, nominee.fullName)));
  }
  const missing = nominees.filter((n) => !seen.has(n.id));
  if (missing.length > 0) {
    fail('TALLY_INCOMPLETE', `The minutes must give a line for every nominee; missing: ${missing.map((n) => n.fullName).join(', ')}.`);
  }
  if (violations.length > 0) {
    // Each nominee line re-checks validBallots; say each problem once.
    const distinct = [...new Map(violations.map((v) => [v.message, v])).values()];
    violations.splice(0, violations.length, ...distinct);
    const code = violations.some((v) => v.code === 'NOT_A_COUNT') ? 'BAD_USER_INPUT' : 'COUNT_INVARIANT_VIOLATED';
    fail(code, violations.map((v) => v.message).join(' '), {
      violations: violations.map(({ code: c, field, message }) => ({ code: c, field, message })),
    });
  }
  return lines;
}

function sameFigures(entry: TallyEntry, lines: readonly TallyLine[], given: readonly MinutesLine[], figures: TallyFigures): boolean {
  if (entry.ballotsIssued !== figures.ballotsIssued || entry.ballotsCollected !== figures.ballotsCollected || entry.validBallots !== figures.validBallots) {
    return false;
  }
  if (given.length !== lines.length) return false;
  const byNominee = new Map(given.map((l) => [l.nomineeId, l]));
  return lines.every((line) => {
    const other = byNominee.get(line.nomineeId);
    return other !== undefined && LINE_FIGURES.every((field) => other[field] === line[field]);
  });
}
