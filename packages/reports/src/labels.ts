/**
 * Vietnamese wording of the schema's enum values, for a report read by the
 * Standing Board. A value the schema adds later is shown as served.
 */
export type Labels = Readonly<Record<string, string>>;

export function label(labels: Labels, value: string): string {
  return labels[value] ?? value;
}

export const LINE: Labels = { PARTY: 'Đảng', COUNCIL: 'HĐND', COMMITTEE: 'UBND' };

export const MANAGED_BY: Labels = { STANDING_BOARD: 'Ban Thường vụ Thành ủy', AGENCY: 'Cơ quan, đơn vị' };

export const BASE_KIND: Labels = {
  SUMMONED: 'Số được triệu tập',
  PRESENT: 'Số có mặt',
  ISSUED: 'Số phiếu phát ra',
  COLLECTED: 'Số phiếu thu về',
  VALID: 'Số phiếu hợp lệ',
};

export const BAND: Labels = {
  NOT_OVER_HALF: 'Không quá 1/2 tín nhiệm thấp',
  OVER_HALF: 'Trên 1/2 tín nhiệm thấp',
  TWO_THIRDS_OR_MORE: 'Từ 2/3 trở lên tín nhiệm thấp',
};

export const FOLLOW_UP: Labels = {
  NOT_REQUIRED: 'Không phải xử lý',
  DECIDED: 'Đã có quyết định',
  PENDING: 'Đang chờ xử lý',
  OVERDUE: 'Quá hạn xử lý',
};

/** A low-confidence result whose follow-up the Board could not read (its line did not answer). */
export const FOLLOW_UP_UNKNOWN = 'Chưa đọc được';

export const DECISION: Labels = {
  REMOVED_FROM_PLANNING: 'Đưa ra khỏi quy hoạch',
  RESIGNED: 'Xin thôi chức vụ',
  RELIEVED: 'Cho thôi giữ chức vụ',
  DISMISSED: 'Miễn nhiệm',
  REASSIGNED_LOWER: 'Bố trí công tác thấp hơn',
  BINDING_VOTE_SCHEDULED: 'Đưa ra bỏ phiếu tín nhiệm',
  NO_ACTION: 'Không xử lý (có lý do)',
};

export const YES_NO = { true: 'Có', false: 'Không' } as const;

/** What put a binding vote on the agenda (NQ 96/2023/QH15 Art. 13). */
export const TRIGGER: Labels = {
  LOW_CONFIDENCE_OVER_HALF: 'Trên 1/2 tín nhiệm thấp khi lấy phiếu',
  DELEGATE_PETITION: 'Kiến nghị của ít nhất 1/3 tổng số đại biểu',
  FATHERLAND_FRONT_RECOMMENDATION: 'Kiến nghị của Ủy ban Mặt trận Tổ quốc',
};

export const BINDING_OUTCOME: Labels = {
  true: 'Quá 1/2 tổng số đại biểu không tín nhiệm: trình miễn nhiệm',
  false: 'Không quá 1/2 tổng số đại biểu không tín nhiệm',
};
