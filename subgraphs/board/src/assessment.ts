import {
  checkPlacesAcrossLines,
  distinctPlaces,
  exclusionsFor,
  isLowConfidence,
  worstBand,
  type Consequence,
  type Exclusion,
  type LowConfidenceBand,
  type NomineeFacts,
  type PollPlace,
  type RulebookId,
} from '@tinnhiem/rules';

/** What the assessment reads of one published result. */
export interface AssessedResult {
  agency: string;
  roundTitle: string;
  body: string;
  year: number;
  offCycle: boolean;
  rulebook: RulebookId;
  band: LowConfidenceBand;
  consequences: readonly Consequence[];
}

export interface OwedConsequences {
  agency: string;
  roundTitle: string;
  rulebook: RulebookId;
  band: LowConfidenceBand;
  consequences: readonly Consequence[];
}

export interface YearAssessment {
  year: number;
  places: PollPlace[];
  placesLimit: number;
  placesExceeded: boolean;
  worstBand: LowConfidenceBand;
  lowConfidence: boolean;
  owed: OwedConsequences[];
  exclusions: Exclusion[];
  polledWhileExcluded: boolean;
  offCycleRounds: string[];
}

/**
 * The Organisation Board's reading of an official's results, one year at a
 * time: where they were polled (R11, across lines), the worst band and what
 * each line's rulebook says follows (R6, R7), exclusions that should have kept
 * them off the ballot (R9), and rounds held off-cycle (R10).
 */
export function assessOfficial(facts: NomineeFacts, results: readonly AssessedResult[], placesLimit?: number): YearAssessment[] {
  const years = [...new Set(results.map((r) => r.year))].sort((a, b) => b - a);
  return years.map((year) => {
    const ofYear = results.filter((r) => r.year === year);
    const places = distinctPlaces(ofYear);
    const check = checkPlacesAcrossLines(places, placesLimit);
    const exclusions = exclusionsFor(facts, year);
    return {
      year,
      places,
      placesLimit: check.limit,
      placesExceeded: check.exceeded,
      worstBand: worstBand(ofYear.map((r) => r.band)) ?? 'NOT_OVER_HALF',
      lowConfidence: ofYear.some((r) => isLowConfidence(r.band)),
      owed: ofYear
        .filter((r) => isLowConfidence(r.band))
        .map(({ agency, roundTitle, rulebook, band, consequences }) => ({ agency, roundTitle, rulebook, band, consequences })),
      exclusions,
      polledWhileExcluded: exclusions.length > 0,
      offCycleRounds: [...new Set(ofYear.filter((r) => r.offCycle).map((r) => r.roundTitle))],
    };
  });
}
