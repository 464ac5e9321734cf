import { isLowConfidence, percent, worstBand, type LowConfidenceBand } from '@tinnhiem/rules';
import { agencyOfLine } from '../compliance/compliance';
import { groupBy } from '../compliance/group-by';
import type { LineName } from '../graphql/line-result.types';
import type { MissingLine } from '../lines/line-results';

/** What the statistics read of a published result. */
export interface CountedResult {
  agency: LineName;
  body: string;
  year: number;
  officialCode: string;
  band: LowConfidenceBand;
}

/** What the statistics read of a published binding vote (R8). */
export interface CountedBindingVote {
  agency: LineName;
  year: number;
  officialCode: string;
  trigger: { reason: string };
  dismissalSubmission: boolean;
}

export interface TriggerCount {
  reason: string;
  count: number;
}

/** A year's published binding votes: one per nominee voted on. */
export interface BindingVoteStatistics {
  held: number;
  dismissalSubmissions: number;
  byTrigger: TriggerCount[];
}

export interface PlannedLine {
  officialCode: string;
  line: 'PARTY' | 'COUNCIL' | 'COMMITTEE';
}

export interface BandCount {
  band: LowConfidenceBand;
  count: number;
  /** Of the group's officials, two decimals (R4 display); null for an empty group. */
  share: string | null;
}

/** Officials counted once per group, in the worst band of their results in it. */
export interface GroupStatistics {
  officials: number;
  results: number;
  lowConfidence: number;
  lowConfidenceShare: string | null;
  bands: BandCount[];
}

export interface LineStatistics extends GroupStatistics {
  agency: LineName;
}

export interface BodyStatistics extends GroupStatistics {
  agency: LineName;
  body: string;
}

export interface AgencyProgress {
  agency: LineName;
  planned: number;
  reported: number;
  share: string | null;
}

export interface BoardStatistics extends GroupStatistics {
  year: number;
  byLine: LineStatistics[];
  byBody: BodyStatistics[];
  progress: AgencyProgress[];
  bindingVotes: BindingVoteStatistics;
  missingLines: MissingLine[];
}

const AGENCIES: readonly LineName[] = ['party', 'council', 'committee'];
const BANDS: readonly LowConfidenceBand[] = ['NOT_OVER_HALF', 'OVER_HALF', 'TWO_THIRDS_OR_MORE'];
const TRIGGERS = ['LOW_CONFIDENCE_OVER_HALF', 'DELEGATE_PETITION', 'FATHERLAND_FRONT_RECOMMENDATION'] as const;

/**
 * A year's published results counted for dashboards: overall, per line and per
 * body, and how far each agency has reported its plan. An official polled in
 * two lines counts once overall and once in each line, always in the worst band
 * of their results there, so a group's bands add up to its officials. Shares
 * are display strings computed from the integers (R4). Binding votes are
 * counted apart: they are not confidence polls and have no band.
 */
export function boardStatistics(
  year: number,
  results: readonly CountedResult[],
  plan: readonly PlannedLine[],
  votes: readonly CountedBindingVote[],
  missing: readonly MissingLine[],
): BoardStatistics {
  const ofYear = results.filter((r) => r.year === year);
  const byLine = AGENCIES.map((agency) => ({ agency, ...groupStatistics(ofYear.filter((r) => r.agency === agency)) }));
  const byBody = [...groupBy(ofYear, (r) => JSON.stringify([r.agency, r.body.normalize('NFC').trim()]))]
    .map(([, own]) => ({ agency: (own[0] as CountedResult).agency, body: (own[0] as CountedResult).body.normalize('NFC').trim(), ...groupStatistics(own) }))
    .sort((a, b) => AGENCIES.indexOf(a.agency) - AGENCIES.indexOf(b.agency) || a.body.localeCompare(b.body, 'vi'));
  const reported = new Set(ofYear.map((r) => `${r.agency}\u0000${r.officialCode}`));
  const progress = AGENCIES.map((agency) => {
    const planned = new Set(plan.filter((p) => agencyOfLine(p.line) === agency).map((p) => p.officialCode));
    const done = [...planned].filter((code) => reported.has(`${agency}\u0000${code}`)).length;
    return { agency, planned: planned.size, reported: done, share: percent(done, planned.size) };
  });
  const votesOfYear = votes.filter((v) => v.year === year);
  const bindingVotes = {
    held: votesOfYear.length,
    dismissalSubmissions: votesOfYear.filter((v) => v.dismissalSubmission).length,
    byTrigger: TRIGGERS.map((reason) => ({ reason, count: votesOfYear.filter((v) => v.trigger.reason === reason).length })),
  };
  return { year, ...groupStatistics(ofYear), byLine, byBody, progress, bindingVotes, missingLines: [...missing] };
}

function groupStatistics(results: readonly CountedResult[]): GroupStatistics {
  const worst = [...groupBy(results, (r) => r.officialCode).values()].map((own) => worstBand(own.map((r) => r.band)) as LowConfidenceBand);
  const officials = worst.length;
  const lowConfidence = worst.filter(isLowConfidence).length;
  return {
    officials,
    results: results.length,
    lowConfidence,
    lowConfidenceShare: percent(lowConfidence, officials),
    bands: BANDS.map((band) => {
      const count = worst.filter((b) => b === band).length;
      return { band, count, share: percent(count, officials) };
    }),
  };
}
