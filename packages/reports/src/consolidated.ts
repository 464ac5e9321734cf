import { postGraphQL, refusal, type GraphQLErrorEntry, type ReportSource } from './graphql';
import { label, LINE } from './labels';

export type Line = 'PARTY' | 'COUNCIL' | 'COMMITTEE';

/** Each line's results field on `Official`, in the order rows are written. */
export const LINE_FIELDS = [
  ['PARTY', 'partyResults'],
  ['COUNCIL', 'councilResults'],
  ['COMMITTEE', 'committeeResults'],
] as const satisfies readonly (readonly [Line, string])[];

export interface ResultData {
  agency: string;
  nomineeId: string;
  roundTitle: string;
  body: string;
  year: number;
  band: string;
  base: { kind: string; size: number };
  counts: { high: number; confident: number; low: number; invalid: number; unmarked: number };
  percentages: { high: string | null; confident: string | null; low: string | null };
  consequences: { code: string; description: string }[];
  corrected: boolean;
}

export interface BindingVoteData {
  agency: string;
  nomineeId: string;
  roundTitle: string;
  body: string;
  year: number;
  posts: string[];
  trigger: { reason: string };
  trust: number;
  noTrust: number;
  invalid: number;
  allDelegates: number;
  percentNoTrust: string | null;
  dismissalSubmission: boolean;
  corrected: boolean;
}

export interface OfficialData {
  code: string;
  fullName: string;
  managedBy: string;
  posts: { line: string; title: string }[];
  /** null: that line did not answer for this official. */
  partyResults: ResultData[] | null;
  councilResults: ResultData[] | null;
  committeeResults: ResultData[] | null;
  /** The People's Council's binding votes (R8); null when the council line did not answer. */
  councilBindingVotes: BindingVoteData[] | null;
}

export interface FollowUpData {
  agency: string;
  nomineeId: string;
  status: string;
  /** Oldest first; the last one stands. */
  decisions: { decision: string; decidedOn: string; documentRef: string; note: string | null }[];
}

export interface Consolidated {
  officials: OfficialData[];
  followUps: FollowUpData[];
  /** Why the data is incomplete, in Vietnamese, for the reader of the report; empty when complete. */
  notes: string[];
}

const RESULT = `agency nomineeId roundTitle body year band base { kind size }
  counts { high confident low invalid unmarked } percentages { high confident low }
  consequences { code description } corrected`;

const BINDING_VOTE = `agency nomineeId roundTitle body year posts trigger { reason } trust noTrust invalid allDelegates
  percentNoTrust dismissalSubmission corrected`;

const OFFICIALS = `query ConsolidatedReportOfficials($limit: Int!, $offset: Int!) {
  officials(limit: $limit, offset: $offset) {
    total
    items {
      code fullName managedBy posts { line title }
      partyResults { ${RESULT} } councilResults { ${RESULT} } committeeResults { ${RESULT} }
      councilBindingVotes { ${BINDING_VOTE} }
    }
  }
}`;

const FOLLOW_UPS = `query ConsolidatedReportFollowUps($year: Int!, $limit: Int!, $offset: Int!) {
  followUps(year: $year, limit: $limit, offset: $offset) {
    total
    items { agency nomineeId status decisions { decision decidedOn documentRef note } }
    missingLines { line message }
  }
}`;

const UNREGISTERED = `query ConsolidatedReportUnregistered($year: Int!) {
  complianceReport(year: $year) { notInRegistry { agency officialCode fullName roundTitle } }
}`;

interface Page<T> {
  total: number;
  items: T[];
}

const OFFICIALS_PAGE = 200;
const FOLLOW_UPS_PAGE = 1000;

/**
 * Reads the Board's view through GraphQL, page by page, so the report shows
 * what the view shows. A refused query throws; a line that did not answer is
 * kept as a note and the other lines' data is returned.
 */
export async function readConsolidated(source: ReportSource, year: number): Promise<Consolidated> {
  const errors: GraphQLErrorEntry[] = [];
  const officials = await readAll<OfficialData>(OFFICIALS_PAGE, async (limit, offset) => {
    const answer = await postGraphQL<{ officials: Page<OfficialData> | null }>(source, OFFICIALS, { limit, offset });
    if (!answer.data?.officials) throw refusal(answer.errors, 'officials');
    errors.push(...answer.errors);
    return answer.data.officials;
  });
  const missingFollowUps = new Map<string, string>();
  const followUps = await readAll<FollowUpData>(FOLLOW_UPS_PAGE, async (limit, offset) => {
    const answer = await postGraphQL<{ followUps: Page<FollowUpData> & { missingLines: { line: string; message: string }[] } | null }>(
      source, FOLLOW_UPS, { year, limit, offset },
    );
    if (!answer.data?.followUps) throw refusal(answer.errors, 'follow-ups');
    errors.push(...answer.errors);
    for (const { line, message } of answer.data.followUps.missingLines) missingFollowUps.set(line.toUpperCase(), message);
    return answer.data.followUps;
  });
  // Rows start from the registry; results for codes it does not know would be missing without a word.
  const unregistered = await postGraphQL<{ complianceReport: { notInRegistry: UnregisteredResult[] } | null }>(source, UNREGISTERED, { year });
  if (!unregistered.data?.complianceReport) throw refusal(unregistered.errors, 'compliance report');
  errors.push(...unregistered.errors);
  return {
    officials,
    followUps,
    notes: [
      ...lineNotes(officials),
      ...followUpNotes(missingFollowUps),
      ...unregisteredNotes(unregistered.data.complianceReport.notInRegistry),
      ...errorNotes(errors),
    ],
  };
}

async function readAll<T>(pageSize: number, page: (limit: number, offset: number) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let total = Infinity;
  while (items.length < total) {
    const next = await page(pageSize, items.length);
    items.push(...next.items);
    total = next.total;
    if (next.items.length === 0) break;
  }
  return items;
}

function lineNotes(officials: readonly OfficialData[]): string[] {
  return LINE_FIELDS.flatMap(([line, field]) => {
    const unread = officials.filter((o) => o[field] === null).length;
    return unread === 0
      ? []
      : [`Thiếu dữ liệu khối ${label(LINE, line)}: không đọc được kết quả của ${unread}/${officials.length} cán bộ; kết quả của khối này không có trong báo cáo.`];
  });
}

interface UnregisteredResult {
  agency: string;
  officialCode: string;
  fullName: string;
  roundTitle: string;
}

function unregisteredNotes(results: readonly UnregisteredResult[]): string[] {
  return results.map(
    (r) => `Kết quả của ${r.fullName} (mã ${r.officialCode}) trong "${r.roundTitle}", khối ${label(LINE, r.agency.toUpperCase())}: mã cán bộ chưa có trong danh mục nên kết quả không có dòng trong báo cáo.`,
  );
}

function followUpNotes(missing: ReadonlyMap<string, string>): string[] {
  return [...missing].map(([line, message]) => `Không đọc được tình trạng theo dõi xử lý của khối ${label(LINE, line)}: ${message}`);
}

/** One note per distinct message: a line that is down fails once per official, which says nothing more. */
function errorNotes(errors: readonly GraphQLErrorEntry[]): string[] {
  const distinct = new Map<string, number>();
  for (const e of errors) {
    const code = typeof e.extensions?.code === 'string' ? ` [${e.extensions.code}]` : '';
    const key = `${e.message}${code}`;
    distinct.set(key, (distinct.get(key) ?? 0) + 1);
  }
  return [...distinct].map(([message, count]) => `Lỗi trả về từ GraphQL${count > 1 ? ` (${count} lần)` : ''}: ${message}`);
}
