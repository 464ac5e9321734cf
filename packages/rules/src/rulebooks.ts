import type { BaseKind } from './base';
import type { PercentRounding } from './percent';
import type { LowConfidenceBand } from './thresholds';
import { COUNCIL_TERMS, DEFAULT_TERMS, type Term } from './timing';

/**
 * Two rulebooks govern the city's rounds: Politburo Regulation 96-QĐ/TW for the Party line and the
 * People's Committee line, and National Assembly Resolution 96/2023/QH15 for posts a People's
 * Council elects (Công văn 731-CV/TU, Cần Thơ City Party Committee, 11/4/2023).
 */
export type RulebookId = 'QD96' | 'NQ96';

export type ConsequenceCode =
  | 'REMOVE_FROM_PLANNING'
  | 'CONSIDER_RELIEF_REASSIGNMENT_OR_RESIGNATION'
  | 'BINDING_VOTE_OPTION'
  | 'DISMISS_AND_REASSIGN_LOWER'
  | 'MAY_RESIGN'
  | 'BINDING_VOTE_SUBMISSION'
  | 'DISMISSAL_SUBMISSION'
  | 'CONSIDER_PROMPTLY';

export interface Consequence {
  code: ConsequenceCode;
  description: string;
  source: string;
}

export interface Rulebook {
  id: RulebookId;
  title: string;
  source: string;
  /** Setting (R4): the count that is 100%. */
  defaultBase: BaseKind;
  /** Setting (R4 display). */
  rounding: PercentRounding;
  quorum: { numerator: number; denominator: number; source: string };
  consequences: Record<LowConfidenceBand, readonly Consequence[]>;
  /** one nominee row per person covering all posts (NQ 96 Art. 2(4)) vs per post */
  onePollCoversAllPosts: boolean;
  maxPlacesPolled: number | null;
  severalPostsSource: string;
  /** R10: the terms whose mid-term year is the periodic poll's year. */
  terms: readonly Term[];
}

const QD96 = 'QĐ 96-QĐ/TW';
const NQ96 = 'NQ 96/2023/QH15';

// Point 4 of the letter applies to every line it instructs, whatever the rulebook.
const CONSIDER_PROMPTLY: Consequence = {
  code: 'CONSIDER_PROMPTLY',
  description: 'Consider the official promptly, without waiting for the end of the term or appointment.',
  source: 'Công văn 731-CV/TU point 4',
};

// More than 1/2 and less than 2/3 low.
const QD96_OVER_HALF: readonly Consequence[] = [
  // đưa ra khỏi quy hoạch chức vụ cao hơn
  { code: 'REMOVE_FROM_PLANNING', description: 'Remove from the succession planning list for higher posts.', source: QD96 },
  // xem xét cho thôi giữ chức vụ, bố trí công tác khác hoặc cho từ chức
  {
    code: 'CONSIDER_RELIEF_REASSIGNMENT_OR_RESIGNATION',
    description: 'Consider relieving the official of current posts, reassigning them, or accepting their resignation.',
    source: QD96,
  },
  // hoặc bỏ phiếu tín nhiệm
  { code: 'BINDING_VOTE_OPTION', description: 'Alternatively, hold a binding confidence vote.', source: QD96 },
  CONSIDER_PROMPTLY,
];

// 2/3 or more low: miễn nhiệm, bố trí công tác khác thấp hơn.
const QD96_TWO_THIRDS: readonly Consequence[] = [
  {
    code: 'DISMISS_AND_REASSIGN_LOWER',
    description: 'Dismiss from current posts and reassign to a lower post without waiting for the end of the term or appointment.',
    source: QD96,
  },
  CONSIDER_PROMPTLY,
];

// More than 1/2 and less than 2/3 low: xin từ chức, or the Standing Body (Thường trực HĐND) submits a binding vote.
const NQ96_OVER_HALF: readonly Consequence[] = [
  { code: 'MAY_RESIGN', description: 'The official may resign.', source: `${NQ96} Art. 12` },
  {
    code: 'BINDING_VOTE_SUBMISSION',
    description:
      "If the official does not resign, the Council's Standing Body submits a binding confidence vote at that session or the nearest one.",
    source: `${NQ96} Art. 12`,
  },
  CONSIDER_PROMPTLY,
];

// 2/3 or more low: the nominating authority submits dismissal (miễn nhiệm).
const NQ96_TWO_THIRDS: readonly Consequence[] = [
  {
    code: 'DISMISSAL_SUBMISSION',
    description: 'The authority that nominated the official submits their dismissal at that session or the nearest one.',
    source: `${NQ96} Art. 12`,
  },
  CONSIDER_PROMPTLY,
];

// R3 is written in QĐ 96; the same two thirds is applied to Council rounds (domain R3).
const TWO_THIRDS_PRESENT = { numerator: 2, denominator: 3 } as const;

export const RULEBOOKS: Readonly<Record<RulebookId, Rulebook>> = {
  QD96: {
    id: 'QD96',
    title: 'Confidence polls for leadership and management posts in the political system',
    source: `${QD96} (Politburo, 02/02/2023)`,
    defaultBase: 'COLLECTED',
    rounding: 'NEAREST',
    quorum: { ...TWO_THIRDS_PRESENT, source: QD96 },
    consequences: { NOT_OVER_HALF: [], OVER_HALF: QD96_OVER_HALF, TWO_THIRDS_OR_MORE: QD96_TWO_THIRDS },
    onePollCoversAllPosts: false,
    // Polled where the official works and where they hold Party membership.
    maxPlacesPolled: 2,
    terms: DEFAULT_TERMS,
    severalPostsSource: `${QD96}; Công văn 731-CV/TU point 3`,
  },
  NQ96: {
    id: 'NQ96',
    title: "Confidence polls and binding votes for posts elected or approved by a People's Council",
    source: `${NQ96} (National Assembly, 23/6/2023)`,
    defaultBase: 'COLLECTED',
    rounding: 'NEAREST',
    quorum: { ...TWO_THIRDS_PRESENT, source: `${QD96}, applied to Council rounds` },
    consequences: { NOT_OVER_HALF: [], OVER_HALF: NQ96_OVER_HALF, TWO_THIRDS_OR_MORE: NQ96_TWO_THIRDS },
    onePollCoversAllPosts: true,
    maxPlacesPolled: null,
    terms: COUNCIL_TERMS,
    severalPostsSource: `${NQ96} Art. 2(4)`,
  },
};

export function getRulebook(id: RulebookId): Rulebook {
  if (!Object.hasOwn(RULEBOOKS, id)) throw new RangeError(`Unknown rulebook "${id}"; expected QD96 or NQ96.`);
  return RULEBOOKS[id];
}

/** The points whose source could not be read (domain R4), overridable per deployment or round. */
export interface RulebookSettings {
  base?: BaseKind;
  rounding?: PercentRounding;
}

export function withSettings(rulebook: Rulebook, settings: RulebookSettings): Rulebook {
  return {
    ...rulebook,
    defaultBase: settings.base ?? rulebook.defaultBase,
    rounding: settings.rounding ?? rulebook.rounding,
  };
}
