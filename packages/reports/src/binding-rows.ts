import type { BindingVoteData, FollowUpData, OfficialData } from './consolidated';
import { BINDING_OUTCOME, FOLLOW_UP, FOLLOW_UP_UNKNOWN, label, MANAGED_BY, TRIGGER, YES_NO } from './labels';
import { decisionText, followUpKey, text, type Column } from './rows';

/** One published binding vote of the year (R8), as the report writes it. */
export interface BindingVoteRow {
  code: string;
  fullName: string;
  managedBy: string;
  posts: string;
  body: string;
  round: string;
  year: number;
  trigger: string;
  trust: number;
  noTrust: number;
  invalid: number;
  allDelegates: number;
  noTrustPercent: string;
  outcome: string;
  corrected: string;
  followUp: string;
  latestDecision: string;
}

/** A binding vote is counted over all delegates, not over a poll's base, so it has a table of its own. */
export const BINDING_VOTE_COLUMNS: readonly Column<BindingVoteRow>[] = [
  { key: 'code', header: 'Mã cán bộ', width: 11 },
  { key: 'fullName', header: 'Họ và tên', width: 24 },
  { key: 'managedBy', header: 'Diện quản lý', width: 20 },
  { key: 'posts', header: 'Chức vụ', width: 36 },
  { key: 'body', header: 'Hội đồng nhân dân', width: 34 },
  { key: 'round', header: 'Kỳ họp bỏ phiếu tín nhiệm', width: 48 },
  { key: 'year', header: 'Năm', width: 7 },
  { key: 'trigger', header: 'Căn cứ đưa ra bỏ phiếu', width: 40 },
  { key: 'trust', header: 'Tín nhiệm', width: 10 },
  { key: 'noTrust', header: 'Không tín nhiệm', width: 10 },
  { key: 'invalid', header: 'Phiếu không hợp lệ', width: 10 },
  { key: 'allDelegates', header: 'Tổng số đại biểu', width: 10 },
  { key: 'noTrustPercent', header: 'Tỷ lệ không tín nhiệm trên tổng số đại biểu (%)', width: 14 },
  { key: 'outcome', header: 'Kết quả', width: 44 },
  { key: 'corrected', header: 'Số liệu đính chính', width: 10 },
  { key: 'followUp', header: 'Theo dõi xử lý', width: 18 },
  { key: 'latestDecision', header: 'Quyết định gần nhất', width: 48 },
];

export const BINDING_VOTES_TITLE = 'Bỏ phiếu tín nhiệm';

/** Rows in the view's order: officials by code, then round title. */
export function bindingVoteRows(year: number, officials: readonly OfficialData[], followUps: readonly FollowUpData[]): BindingVoteRow[] {
  const followUpOf = new Map(followUps.map((f) => [followUpKey(f), f]));
  return officials.flatMap((official) =>
    (official.councilBindingVotes ?? [])
      .filter((vote) => vote.year === year)
      .sort((a, b) => a.roundTitle.localeCompare(b.roundTitle, 'vi'))
      .map((vote) => row(official, vote, followUpOf.get(followUpKey(vote)))),
  );
}

function row(official: OfficialData, vote: BindingVoteData, followUp: FollowUpData | undefined): BindingVoteRow {
  const latest = followUp?.decisions.at(-1);
  return {
    code: text(official.code),
    fullName: text(official.fullName),
    managedBy: label(MANAGED_BY, official.managedBy),
    posts: text(vote.posts.join('; ')),
    body: text(vote.body),
    round: text(vote.roundTitle),
    year: vote.year,
    trigger: label(TRIGGER, vote.trigger.reason),
    trust: vote.trust,
    noTrust: vote.noTrust,
    invalid: vote.invalid,
    allDelegates: vote.allDelegates,
    noTrustPercent: vote.percentNoTrust ?? '',
    outcome: label(BINDING_OUTCOME, `${vote.dismissalSubmission}`),
    corrected: YES_NO[`${vote.corrected}`],
    followUp: followUp ? label(FOLLOW_UP, followUp.status) : vote.dismissalSubmission ? FOLLOW_UP_UNKNOWN : label(FOLLOW_UP, 'NOT_REQUIRED'),
    latestDecision: latest ? text(decisionText(latest)) : '',
  };
}
