import {
  checkPlacesAcrossLines,
  checkQuorum,
  distinctPlaces,
  exclusionsFor,
  getRulebook,
  type Exclusion,
  type NomineeFacts,
  type PollPlace,
  type RulebookId,
} from '@tinnhiem/rules';
import type { LineName } from '../graphql/line-result.types';
import type { MissingLine } from '../lines/line-results';
import { groupBy } from './group-by';

/** What the checks read of a published result. */
export interface ReportedResult {
  agency: LineName;
  roundId: string;
  roundTitle: string;
  body: string;
  year: number;
  /** The day of the conference; a retirement announced after it did not exclude anyone from it. */
  heldOn: string | null;
  offCycle: boolean;
  rulebook: RulebookId;
  nomineeId: string;
  officialCode: string;
  fullName: string;
  ballots: { summoned: number; present: number };
  consequences: readonly { code: string; source: string }[];
}

/** A binding vote as far as the checks need it: whose poll result put it on the agenda. */
export interface HeldBindingVote {
  trigger: { pollNomineeId: string | null };
}

/** An active entry of the voting plan. */
export interface PlannedPoll {
  id: string;
  officialCode: string;
  fullName: string;
  line: 'PARTY' | 'COUNCIL' | 'COMMITTEE';
  body: string;
}

export interface ComplianceInput {
  year: number;
  plan: readonly PlannedPoll[];
  results: readonly ReportedResult[];
  /** Registry facts (R9) by cadre code, for every registered official among the results. */
  facts: ReadonlyMap<string, NomineeFacts>;
  placesLimit: number;
  /** Published binding votes of every year: the one a poll result calls for may be held at the next session. */
  bindingVotes: readonly HeldBindingVote[];
  /** Nominee ids (poll results) for which the Board recorded a resignation. */
  resigned: ReadonlySet<string>;
  missing: readonly MissingLine[];
}

export interface RoundRef {
  agency: LineName;
  roundId: string;
  roundTitle: string;
  body: string;
}

export interface UnreportedGroup {
  agency: LineName;
  polls: PlannedPoll[];
}

export interface UnplannedResult extends RoundRef {
  officialCode: string;
  fullName: string;
}

export interface PlacesExceeded {
  officialCode: string;
  fullName: string;
  places: PollPlace[];
  count: number;
  limit: number;
  source: string;
}

export interface ExcludedButPolled extends RoundRef {
  officialCode: string;
  fullName: string;
  exclusions: Exclusion[];
}

export interface OffCycleRound extends RoundRef {
  year: number;
}

export interface BelowQuorum extends RoundRef {
  summoned: number;
  present: number;
  /** Null when the figures cannot be true (present above summoned, nobody summoned). */
  required: number | null;
  source: string;
}

export interface BindingVoteOwed extends RoundRef {
  nomineeId: string;
  officialCode: string;
  fullName: string;
  source: string;
}

export interface ComplianceReport {
  year: number;
  plannedNotReported: UnreportedGroup[];
  reportedNotPlanned: UnplannedResult[];
  /** Results for cadre codes the registry does not know: the Board cannot check them, nor list them by official. */
  notInRegistry: UnplannedResult[];
  placesExceeded: PlacesExceeded[];
  excludedButPolled: ExcludedButPolled[];
  offCycleRounds: OffCycleRound[];
  belowQuorum: BelowQuorum[];
  bindingVoteOwed: BindingVoteOwed[];
  missingLines: MissingLine[];
}

const AGENCY_ORDER: readonly LineName[] = ['party', 'council', 'committee'];

/** The consequence by which a rulebook calls for a binding vote (NQ 96/2023/QH15 Art. 12). */
const BINDING_VOTE_SUBMISSION = 'BINDING_VOTE_SUBMISSION';

export function agencyOfLine(line: PlannedPoll['line']): LineName {
  return line.toLowerCase() as LineName;
}

/**
 * Checks a year's published results against the voting plan and the rules
 * (points 5–8 of the letter): plan vs reports both ways, the places limit
 * across lines (R11), exclusions ignored (R9), off-cycle rounds (R10) and
 * rounds below quorum (R3). The voting engine refuses the last one, so it
 * guards results that came from elsewhere. Results whose rulebook calls for a
 * binding vote (R7's middle band) are listed until one is published or the
 * official's resignation is recorded. A line that did not answer is in
 * `missingLines`, and none of its planned polls is called unreported.
 */
export function complianceReport(input: ComplianceInput): ComplianceReport {
  const results = input.results.filter((r) => r.year === input.year);
  const reported = new Set(results.map((r) => pollKey(r.agency, r.officialCode)));
  const planned = new Set(input.plan.map((p) => pollKey(agencyOfLine(p.line), p.officialCode)));
  const unanswered = new Set(input.missing.map((m) => m.line));

  const plannedNotReported = AGENCY_ORDER.filter((agency) => !unanswered.has(agency))
    .map((agency) => ({
      agency,
      polls: input.plan
        .filter((p) => agencyOfLine(p.line) === agency && !reported.has(pollKey(agency, p.officialCode)))
        .sort((a, b) => a.officialCode.localeCompare(b.officialCode)),
    }))
    .filter((group) => group.polls.length > 0);

  const reportedNotPlanned = results
    .filter((r) => !planned.has(pollKey(r.agency, r.officialCode)))
    .map((r) => ({ ...roundRef(r), officialCode: r.officialCode, fullName: r.fullName }));

  const notInRegistry = results
    .filter((r) => !input.facts.has(r.officialCode))
    .map((r) => ({ ...roundRef(r), officialCode: r.officialCode, fullName: r.fullName }));

  const placesExceeded = [...groupBy(results, (r) => r.officialCode)].flatMap(([officialCode, own]) => {
    const places = distinctPlaces(own);
    const check = checkPlacesAcrossLines(places, input.placesLimit);
    if (!check.exceeded) return [];
    return [{ officialCode, fullName: own[0]?.fullName ?? officialCode, places, count: check.count, limit: input.placesLimit, source: check.source }];
  });

  const excludedButPolled = results.flatMap((r) => {
    const exclusions = exclusionsFor(input.facts.get(r.officialCode) ?? {}, r.year, r.heldOn ?? undefined);
    return exclusions.length > 0 ? [{ ...roundRef(r), officialCode: r.officialCode, fullName: r.fullName, exclusions }] : [];
  });

  const rounds = [...groupBy(results, (r) => `${r.agency}\u0000${r.roundId}`).values()].map((own) => own[0] as ReportedResult);
  const offCycleRounds = rounds.filter((r) => r.offCycle).map((r) => ({ ...roundRef(r), year: r.year }));
  const belowQuorum = rounds.flatMap((r): BelowQuorum[] => {
    const { summoned, present } = r.ballots;
    const rulebook = getRulebook(r.rulebook);
    if (summoned < 1 || present > summoned || present < 0) {
      return [{ ...roundRef(r), summoned, present, required: null, source: rulebook.quorum.source }];
    }
    const quorum = checkQuorum(summoned, present, rulebook);
    return quorum.met ? [] : [{ ...roundRef(r), summoned, present, required: quorum.required, source: quorum.source }];
  });

  const voted = new Set(input.bindingVotes.flatMap((v) => (v.trigger.pollNomineeId ? [v.trigger.pollNomineeId] : [])));
  const bindingVoteOwed = results.flatMap((r) => {
    const owed = r.consequences.find((c) => c.code === BINDING_VOTE_SUBMISSION);
    if (!owed || voted.has(r.nomineeId) || input.resigned.has(r.nomineeId)) return [];
    return [{ ...roundRef(r), nomineeId: r.nomineeId, officialCode: r.officialCode, fullName: r.fullName, source: owed.source }];
  });

  return {
    year: input.year,
    plannedNotReported,
    reportedNotPlanned: sortRows(reportedNotPlanned),
    notInRegistry: sortRows(notInRegistry),
    placesExceeded: placesExceeded.sort((a, b) => a.officialCode.localeCompare(b.officialCode)),
    excludedButPolled: sortRows(excludedButPolled),
    offCycleRounds,
    belowQuorum,
    bindingVoteOwed: sortRows(bindingVoteOwed),
    missingLines: [...input.missing],
  };
}

function pollKey(agency: LineName, officialCode: string): string {
  return `${agency}\u0000${officialCode}`;
}

function roundRef(r: ReportedResult): RoundRef {
  return { agency: r.agency, roundId: r.roundId, roundTitle: r.roundTitle, body: r.body };
}


function sortRows<T extends RoundRef & { officialCode: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => AGENCY_ORDER.indexOf(a.agency) - AGENCY_ORDER.indexOf(b.agency) || a.officialCode.localeCompare(b.officialCode));
}
