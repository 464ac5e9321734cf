import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boardStatistics,
  complianceReport,
  startBoardService,
  type BoardService,
  type ComplianceInput,
  type CountedResult,
  type ReportedResult,
} from '@tinnhiem/board-subgraph';
import { createTestDatabase } from '../../../tests/support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../../../tests/support/graphql';

// The voting plan (who is to be polled by which line in which year), the compliance report that
// checks a year's published results against the plan and the rules, and the dashboard statistics.

function result(officialCode: string, patch: Partial<ReportedResult> = {}): ReportedResult {
  return {
    agency: 'party',
    roundId: 'round-party',
    roundTitle: 'Lấy phiếu tín nhiệm năm 2023',
    body: 'Ban Chấp hành Đảng bộ thành phố',
    year: 2023,
    heldOn: '2023-12-08',
    offCycle: false,
    rulebook: 'QD96',
    nomineeId: `nominee-${officialCode}`,
    officialCode,
    fullName: `Cán bộ ${officialCode}`,
    ballots: { summoned: 50, present: 48 },
    consequences: [],
    ...patch,
  };
}

function input(patch: Partial<ComplianceInput>): ComplianceInput {
  return { year: 2023, plan: [], results: [], facts: new Map(), placesLimit: 2, bindingVotes: [], resigned: new Set(), missing: [], ...patch };
}

const poll = (id: string, officialCode: string, line: 'PARTY' | 'COUNCIL' | 'COMMITTEE') => ({
  id, officialCode, fullName: `Cán bộ ${officialCode}`, line, body: 'Hội nghị',
});

describe('complianceReport (pure)', () => {
  it('compares the plan with the reports both ways, by agency', () => {
    const report = complianceReport(input({
      plan: [poll('p1', 'A', 'PARTY'), poll('p2', 'B', 'PARTY'), poll('p3', 'A', 'COMMITTEE'), poll('p4', 'C', 'COUNCIL')],
      results: [
        result('A'),
        result('C', { agency: 'council', roundId: 'round-council', rulebook: 'NQ96', body: 'HĐND' }),
        // Reported by the council although only the committee planned D.
        result('D', { agency: 'council', roundId: 'round-council', rulebook: 'NQ96', body: 'HĐND' }),
      ],
    }));
    expect(report.plannedNotReported).toEqual([
      { agency: 'party', polls: [poll('p2', 'B', 'PARTY')] },
      { agency: 'committee', polls: [poll('p3', 'A', 'COMMITTEE')] },
    ]);
    expect(report.reportedNotPlanned).toEqual([
      { agency: 'council', roundId: 'round-council', roundTitle: 'Lấy phiếu tín nhiệm năm 2023', body: 'HĐND', officialCode: 'D', fullName: 'Cán bộ D' },
    ]);
  });

  it('does not call the plan of a line that did not answer unreported, and says the line is missing', () => {
    const missing = [{ line: 'committee' as const, message: 'The committee line’s subgraph did not answer.' }];
    const report = complianceReport(input({ plan: [poll('p1', 'A', 'COMMITTEE'), poll('p2', 'B', 'PARTY')], missing }));
    expect(report.plannedNotReported).toEqual([{ agency: 'party', polls: [poll('p2', 'B', 'PARTY')] }]);
    expect(report.missingLines).toEqual(missing);
  });

  it('finds officials polled in more places than the limit, counting a place typed twice once (R11)', () => {
    const threePlaces = [
      result('A'),
      result('A', { agency: 'council', roundId: 'c', body: 'HĐND' }),
      result('A', { agency: 'committee', roundId: 'u', body: 'UBND' }),
      result('A', { agency: 'committee', roundId: 'u2', body: ' UBND'.normalize('NFD') }),
      result('B'),
      result('B', { agency: 'council', roundId: 'c', body: 'HĐND' }),
    ];
    const report = complianceReport(input({ results: threePlaces }));
    expect(report.placesExceeded).toEqual([{
      officialCode: 'A',
      fullName: 'Cán bộ A',
      places: [
        { agency: 'party', body: 'Ban Chấp hành Đảng bộ thành phố' },
        { agency: 'council', body: 'HĐND' },
        { agency: 'committee', body: 'UBND' },
      ],
      count: 3,
      limit: 2,
      source: expect.stringContaining('QĐ 96-QĐ/TW') as string,
    }]);
    expect(complianceReport(input({ results: threePlaces, placesLimit: 3 })).placesExceeded).toEqual([]);
  });

  it('finds excluded officials polled anyway from the registry’s facts (R9), one row per result', () => {
    const report = complianceReport(input({
      results: [result('RET'), result('NEW', { agency: 'committee', roundId: 'u' }), result('OLD'), result('UNKNOWN')],
      facts: new Map([
        ['RET', { retirementAnnouncedOn: '2023-05-01', electedOrAppointedOn: null }],
        ['NEW', { retirementAnnouncedOn: null, electedOrAppointedOn: '2023-10-01' }],
        ['OLD', { retirementAnnouncedOn: '2024-01-15', electedOrAppointedOn: '2021-06-30' }],
      ]),
    }));
    expect(report.excludedButPolled.map((r) => [r.agency, r.officialCode, r.exclusions.map((e) => e.code)])).toEqual([
      ['party', 'RET', ['RETIREMENT_ANNOUNCED']],
      ['committee', 'NEW', ['ELECTED_OR_APPOINTED_IN_VOTING_YEAR']],
    ]);
  });

  it('lists each off-cycle round once, however many nominees it had (R10)', () => {
    const report = complianceReport(input({
      year: 2024,
      results: [
        result('A', { year: 2024, offCycle: true, roundId: 'r1', roundTitle: 'Bổ sung 2024' }),
        result('B', { year: 2024, offCycle: true, roundId: 'r1', roundTitle: 'Bổ sung 2024' }),
        result('C', { year: 2024, offCycle: true, roundId: 'r1', agency: 'council', roundTitle: 'Cùng mã, khối khác' }),
      ],
    }));
    expect(report.offCycleRounds).toEqual([
      { agency: 'party', roundId: 'r1', roundTitle: 'Bổ sung 2024', body: 'Ban Chấp hành Đảng bộ thành phố', year: 2024 },
      { agency: 'council', roundId: 'r1', roundTitle: 'Cùng mã, khối khác', body: 'Ban Chấp hành Đảng bộ thành phố', year: 2024 },
    ]);
    expect(complianceReport(input({ results: [result('A')] })).offCycleRounds).toEqual([]);
  });

  it('flags rounds below the quorum of their rulebook, and rounds whose head counts cannot be true (R3)', () => {
    const report = complianceReport(input({
      results: [
        result('A', { roundId: 'ok', ballots: { summoned: 48, present: 32 } }), // exactly two thirds
        result('B', { roundId: 'low', ballots: { summoned: 48, present: 31 } }),
        result('C', { roundId: 'low', ballots: { summoned: 48, present: 31 } }),
        result('D', { agency: 'council', rulebook: 'NQ96', roundId: 'council-low', ballots: { summoned: 84, present: 55 } }),
        result('E', { roundId: 'impossible', ballots: { summoned: 40, present: 41 } }),
        result('F', { roundId: 'nobody', ballots: { summoned: 0, present: 0 } }),
      ],
    }));
    expect(report.belowQuorum.map(({ agency, roundId, summoned, present, required }) => ({ agency, roundId, summoned, present, required }))).toEqual([
      { agency: 'party', roundId: 'low', summoned: 48, present: 31, required: 32 },
      { agency: 'council', roundId: 'council-low', summoned: 84, present: 55, required: 56 },
      { agency: 'party', roundId: 'impossible', summoned: 40, present: 41, required: null },
      { agency: 'party', roundId: 'nobody', summoned: 0, present: 0, required: null },
    ]);
    expect(report.belowQuorum[0]?.source).toBe('QĐ 96-QĐ/TW');
  });

  it('lists a Council result that calls for a binding vote until one is held or the official resigns (R7, R8)', () => {
    const calls = { code: 'BINDING_VOTE_SUBMISSION', source: 'NQ 96/2023/QH15 Art. 12' };
    const council = (code: string) => result(code, { agency: 'council', rulebook: 'NQ96', roundId: 'round-council', consequences: [{ code: 'MAY_RESIGN', source: 'NQ 96/2023/QH15 Art. 12' }, calls] });
    const results = [council('A'), council('B'), council('C'), result('D', { consequences: [{ code: 'BINDING_VOTE_OPTION', source: 'QĐ 96-QĐ/TW' }] })];
    const report = complianceReport(input({
      results,
      bindingVotes: [{ trigger: { pollNomineeId: 'nominee-B' } }, { trigger: { pollNomineeId: null } }],
      resigned: new Set(['nominee-C']),
    }));
    expect(report.bindingVoteOwed).toEqual([
      { agency: 'council', roundId: 'round-council', roundTitle: 'Lấy phiếu tín nhiệm năm 2023', body: 'Ban Chấp hành Đảng bộ thành phố',
        nomineeId: 'nominee-A', officialCode: 'A', fullName: 'Cán bộ A', source: 'NQ 96/2023/QH15 Art. 12' },
    ]);
  });

  it('reads only the year asked for', () => {
    const report = complianceReport(input({ results: [result('A', { year: 2022 })], plan: [poll('p', 'A', 'PARTY')] }));
    expect(report.reportedNotPlanned).toEqual([]);
    expect(report.plannedNotReported).toEqual([{ agency: 'party', polls: [poll('p', 'A', 'PARTY')] }]);
  });
});

describe('boardStatistics (pure)', () => {
  const r = (officialCode: string, agency: CountedResult['agency'], band: CountedResult['band'], body = agency.toUpperCase()): CountedResult =>
    ({ officialCode, agency, band, body, year: 2023 });

  it('counts officials once per group in their worst band there, with shares from the integers', () => {
    const results = [
      r('A', 'party', 'NOT_OVER_HALF'), r('B', 'party', 'NOT_OVER_HALF'), r('C', 'party', 'OVER_HALF'),
      r('A', 'council', 'TWO_THIRDS_OR_MORE'), r('D', 'council', 'NOT_OVER_HALF', 'HĐND khóa X'),
      r('E', 'council', 'NOT_OVER_HALF', 'HĐND khóa X'.normalize('NFD')),
      r('A', 'party', 'NOT_OVER_HALF', 'Hội nghị bổ sung'), r('Z', 'party', 'OVER_HALF'),
    ].map((x) => (x.officialCode === 'Z' ? { ...x, year: 2022 } : x));
    const stats = boardStatistics(2023, results, [], [], []);
    // A (worst TWO_THIRDS across lines), B, C (OVER_HALF), D, E.
    expect(stats).toMatchObject({ year: 2023, officials: 5, results: 7, lowConfidence: 2, lowConfidenceShare: '40.00' });
    expect(stats.bands).toEqual([
      { band: 'NOT_OVER_HALF', count: 3, share: '60.00' },
      { band: 'OVER_HALF', count: 1, share: '20.00' },
      { band: 'TWO_THIRDS_OR_MORE', count: 1, share: '20.00' },
    ]);
    expect(stats.byLine.map((l) => [l.agency, l.officials, l.results, l.lowConfidence, l.lowConfidenceShare])).toEqual([
      ['party', 3, 4, 1, '33.33'],
      ['council', 3, 3, 1, '33.33'],
      ['committee', 0, 0, 0, null],
    ]);
    expect(stats.byLine[2]?.bands.every((b) => b.count === 0 && b.share === null)).toBe(true);
    expect(stats.byBody.map((b) => [b.agency, b.body, b.officials, b.lowConfidence])).toEqual([
      ['party', 'Hội nghị bổ sung', 1, 0],
      ['party', 'PARTY', 3, 1],
      ['council', 'COUNCIL', 1, 1],
      ['council', 'HĐND khóa X', 2, 0],
    ]);
  });

  it('counts the year’s binding votes apart from the polls: held, dismissal submissions, and by trigger', () => {
    const vote = (officialCode: string, reason: string, dismissalSubmission: boolean, year = 2023) =>
      ({ agency: 'council' as const, year, officialCode, trigger: { reason }, dismissalSubmission });
    const stats = boardStatistics(2023, [r('A', 'council', 'OVER_HALF')], [], [
      vote('A', 'LOW_CONFIDENCE_OVER_HALF', true), vote('B', 'DELEGATE_PETITION', false), vote('C', 'DELEGATE_PETITION', true),
      vote('D', 'FATHERLAND_FRONT_RECOMMENDATION', true, 2024),
    ], []);
    expect(stats.bindingVotes).toEqual({
      held: 3,
      dismissalSubmissions: 2,
      byTrigger: [
        { reason: 'LOW_CONFIDENCE_OVER_HALF', count: 1 },
        { reason: 'DELEGATE_PETITION', count: 2 },
        { reason: 'FATHERLAND_FRONT_RECOMMENDATION', count: 0 },
      ],
    });
    expect(stats.officials).toBe(1);
  });

  it('shows how much of its plan each agency has reported', () => {
    const stats = boardStatistics(2023, [r('A', 'party', 'NOT_OVER_HALF'), r('B', 'party', 'NOT_OVER_HALF'), r('C', 'council', 'OVER_HALF')], [
      { officialCode: 'A', line: 'PARTY' }, { officialCode: 'X', line: 'PARTY' }, { officialCode: 'Y', line: 'PARTY' },
      { officialCode: 'A', line: 'COUNCIL' },
    ], [], []);
    expect(stats.progress).toEqual([
      { agency: 'party', planned: 3, reported: 1, share: '33.33' },
      { agency: 'council', planned: 1, reported: 0, share: '0.00' },
      { agency: 'committee', planned: 0, reported: 0, share: null },
    ]);
  });
});

let service: BoardService;
let url: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  // No line is configured: the plan lives in the board alone; reports then name every line missing.
  service = await startBoardService({ databaseUrl: await createTestDatabase('plan'), port: 0, auth: TEST_AUTH });
  url = service.url;
  tokens.analyst = await tokenFor({ subject: 'b1', name: 'Chuyên viên Một', roles: ['board:analyst'] });
  tokens.analyst2 = await tokenFor({ subject: 'b2', name: 'Chuyên viên Hai', roles: ['board:analyst'] });
  tokens.partyAdmin = await tokenFor({ subject: 'a1', name: 'Party admin', roles: ['party:admin'] });
  tokens.dashboard = await tokenFor({ subject: 'd1', name: 'Dashboard', roles: ['dashboard:reader'] });
  const register = `mutation($input: OfficialInput!) { registerOfficial(input: $input) { code } }`;
  for (const [code, facts] of [
    ['PL-001', {}], ['PL-002', {}], ['PL-003', {}],
    ['PL-RET', { retirementAnnouncedOn: '2023-04-01' }],
    ['PL-NEW', { electedOrAppointedOn: '2023-08-20' }],
    ['PL-OLD', { retirementAnnouncedOn: '2024-02-01', electedOrAppointedOn: '2021-07-01' }],
  ] as const) {
    dataOf(await graphql(url, register, {
      input: {
        code, fullName: `Cán bộ kế hoạch ${code}`, managedBy: 'STANDING_BOARD', ...facts,
        posts: [{ line: code === 'PL-003' ? 'COUNCIL' : 'PARTY', title: 'Ủy viên', body: 'Ban Thường vụ Thành ủy' }],
      },
    }, tokens.analyst));
  }
});

afterAll(async () => {
  await service?.stop();
});

const ENTRY = `id year officialCode line body plannedByName plannedAt withdrawnAt withdrawnByName withdrawalReason`;
const PLAN = `mutation($input: PlanPollInput!) { planPoll(input: $input) { ${ENTRY} official { code fullName } exclusions { code } } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String!) { withdrawPlannedPoll(id: $id, reason: $reason) { ${ENTRY} } }`;
const VOTING_PLAN = `query($year: Int!, $line: PoliticalLine, $all: Boolean) { votingPlan(year: $year, line: $line, includeWithdrawn: $all) {
  year line entries { ${ENTRY} official { code } exclusions { code } }
  exclusions { official { code } exclusions { code message source } } } }`;

interface Entry {
  id: string;
  year: number;
  officialCode: string;
  line: string;
  body: string;
  plannedByName: string;
  withdrawnAt: string | null;
  withdrawnByName: string | null;
  withdrawalReason: string | null;
}

/** As the first analyst unless told otherwise; null sends no token. */
async function plan(input: Record<string, unknown>, token: string | null = tokens.analyst!): Promise<GraphQLResponse<{ planPoll: Entry }>> {
  return graphql<{ planPoll: Entry }>(url, PLAN, { input: { year: 2023, line: 'PARTY', body: 'Ban Chấp hành Đảng bộ thành phố', ...input } }, token ?? undefined);
}

async function stored(): Promise<unknown[]> {
  return service.db.query(`SELECT * FROM plan_entry ORDER BY id`);
}

async function refusedWithoutTrace(request: () => Promise<GraphQLResponse<unknown>>, code: string, ...parts: string[]): Promise<void> {
  const before = await stored();
  const response = await request();
  expect(errorCodes(response), JSON.stringify(response.errors)).toEqual([code]);
  expect(response.data ?? null).toBeNull();
  for (const part of parts) expect(response.errors?.[0]?.message).toContain(part);
  expect(await stored()).toEqual(before);
}

describe('the voting plan', () => {
  it('plans a poll, attributed to the analyst, with the official from the registry', async () => {
    const { planPoll } = dataOf(await plan({ officialCode: ' PL-001 ', body: ' Ban Chấp hành Đảng bộ thành phố '.normalize('NFD') }));
    expect(planPoll).toMatchObject({
      year: 2023, officialCode: 'PL-001', line: 'PARTY', body: 'Ban Chấp hành Đảng bộ thành phố', plannedByName: 'Chuyên viên Một',
      withdrawnAt: null, withdrawnByName: null, withdrawalReason: null,
      official: { code: 'PL-001', fullName: 'Cán bộ kế hoạch PL-001' }, exclusions: [],
    });
    dataOf(await plan({ officialCode: 'PL-001', line: 'COUNCIL', body: 'Hội đồng nhân dân thành phố' }));
    dataOf(await plan({ officialCode: 'PL-003', line: 'COUNCIL', body: 'Hội đồng nhân dân thành phố' }));
    dataOf(await plan({ officialCode: 'PL-001', year: 2028 }));

    const { votingPlan } = dataOf(await graphql<{ votingPlan: { entries: Entry[]; exclusions: unknown[] } }>(url, VOTING_PLAN, { year: 2023 }, tokens.analyst));
    expect(votingPlan.entries.map((e) => [e.line, e.officialCode])).toEqual([['COUNCIL', 'PL-001'], ['COUNCIL', 'PL-003'], ['PARTY', 'PL-001']]);
    const council = dataOf(await graphql<{ votingPlan: { line: string; entries: Entry[] } }>(url, VOTING_PLAN, { year: 2023, line: 'COUNCIL' }, tokens.analyst));
    expect(council.votingPlan.line).toBe('COUNCIL');
    expect(council.votingPlan.entries.map((e) => e.officialCode)).toEqual(['PL-001', 'PL-003']);
  });

  it('shows who must not be polled in the year and why (R9), from the registry’s facts', async () => {
    const { votingPlan } = dataOf(await graphql<{ votingPlan: { exclusions: { official: { code: string }; exclusions: { code: string; message: string; source: string }[] }[] } }>(
      url, VOTING_PLAN, { year: 2023, line: 'PARTY' }, tokens.analyst));
    expect(votingPlan.exclusions.map((x) => [x.official.code, x.exclusions.map((e) => e.code)])).toEqual([
      ['PL-NEW', ['ELECTED_OR_APPOINTED_IN_VOTING_YEAR']],
      ['PL-RET', ['RETIREMENT_ANNOUNCED']],
    ]);
    expect(votingPlan.exclusions[1]?.exclusions[0]).toMatchObject({ message: expect.stringContaining('2023-04-01'), source: expect.stringContaining('QĐ 96') });
    // In 2024 the one elected in 2023 may be polled; PL-OLD's retirement, announced in 2024, now applies.
    const later = dataOf(await graphql<{ votingPlan: { exclusions: { official: { code: string } }[] } }>(url, VOTING_PLAN, { year: 2024 }, tokens.analyst));
    expect(later.votingPlan.exclusions.map((x) => x.official.code)).toEqual(['PL-OLD', 'PL-RET']);
    // Nobody excluded holds a Council post.
    const council = dataOf(await graphql<{ votingPlan: { exclusions: unknown[] } }>(url, VOTING_PLAN, { year: 2023, line: 'COUNCIL' }, tokens.analyst));
    expect(council.votingPlan.exclusions).toEqual([]);
  });

  it('withdraws an entry with the reason and keeps it; the poll can then be planned again', async () => {
    const { planPoll: entry } = dataOf(await plan({ officialCode: 'PL-002' }));
    const { withdrawPlannedPoll } = dataOf(await graphql<{ withdrawPlannedPoll: Entry }>(url, WITHDRAW,
      { id: entry.id, reason: '  Chuyển công tác sang tỉnh khác  ' }, tokens.analyst2));
    expect(withdrawPlannedPoll).toMatchObject({
      id: entry.id, officialCode: 'PL-002', withdrawnByName: 'Chuyên viên Hai', withdrawalReason: 'Chuyển công tác sang tỉnh khác', plannedByName: 'Chuyên viên Một',
    });
    expect(Date.parse(withdrawPlannedPoll.withdrawnAt ?? '')).toBeGreaterThan(0);

    const active = dataOf(await graphql<{ votingPlan: { entries: Entry[] } }>(url, VOTING_PLAN, { year: 2023, line: 'PARTY' }, tokens.analyst));
    expect(active.votingPlan.entries.map((e) => e.officialCode)).toEqual(['PL-001']);
    const { planPoll: again } = dataOf(await plan({ officialCode: 'PL-002' }));
    const all = dataOf(await graphql<{ votingPlan: { entries: Entry[] } }>(url, VOTING_PLAN, { year: 2023, line: 'PARTY', all: true }, tokens.analyst));
    expect(all.votingPlan.entries.filter((e) => e.officialCode === 'PL-002').map((e) => [e.id, e.withdrawalReason])).toEqual([
      [entry.id, 'Chuyển công tác sang tỉnh khác'],
      [again.id, null],
    ]);
  });

  it('keeps the history in the database too: no delete, no second withdrawal, no other change', async () => {
    const { planPoll: entry } = dataOf(await plan({ officialCode: 'PL-003', line: 'PARTY' }));
    await expect(service.db.query(`DELETE FROM plan_entry WHERE id = $1`, [entry.id])).rejects.toThrow(/keeps its history/);
    await expect(service.db.query(`UPDATE plan_entry SET body = 'Khác' WHERE id = $1`, [entry.id])).rejects.toThrow(/keeps its history/);
    await expect(service.db.query(`TRUNCATE plan_entry`)).rejects.toThrow(/keeps its history/);
    dataOf(await graphql(url, WITHDRAW, { id: entry.id, reason: 'Nhầm khối' }, tokens.analyst));
    await expect(service.db.query(`UPDATE plan_entry SET withdrawal_reason = 'Lý do khác' WHERE id = $1`, [entry.id])).rejects.toThrow(/keeps its history/);
  });

  it('lets two analysts race to plan the same poll: one entry, the other told DUPLICATE_PLAN_ENTRY', async () => {
    const answers = await Promise.all([plan({ officialCode: 'PL-003', year: 2025 }), plan({ officialCode: 'PL-003', year: 2025 }, tokens.analyst2)]);
    expect(answers.map((a) => errorCodes(a)[0] ?? 'OK').sort()).toEqual(['DUPLICATE_PLAN_ENTRY', 'OK']);
    expect(await service.db.query(`SELECT count(*)::int AS n FROM plan_entry WHERE official_code = 'PL-003' AND year = 2025`)).toEqual([{ n: 1 }]);
  });

  it.each([
    { what: 'an unknown code', patch: { officialCode: 'NO-SUCH' }, code: 'NOT_FOUND', message: 'No official with code "NO-SUCH"' },
    { what: 'a year in no term', patch: { officialCode: 'PL-002', year: 2019 }, code: 'YEAR_OUT_OF_TERM', message: '2020–2025' },
    { what: 'a year far ahead', patch: { officialCode: 'PL-002', year: 2032 }, code: 'YEAR_OUT_OF_TERM', message: '2026–2031' },
    { what: 'an active entry planned again', patch: { officialCode: 'PL-001', body: 'Khác' }, code: 'DUPLICATE_PLAN_ENTRY', message: 'PL-001 is already on the PARTY plan for 2023' },
    { what: 'an official awaiting retirement', patch: { officialCode: 'PL-RET' }, code: 'NOMINEE_EXCLUDED', message: 'Retirement was announced on 2023-04-01' },
    { what: 'an official appointed in the year', patch: { officialCode: 'PL-NEW' }, code: 'NOMINEE_EXCLUDED', message: 'within the voting year 2023' },
    { what: 'an empty body', patch: { officialCode: 'PL-002', line: 'COUNCIL', body: '  ' }, code: 'BAD_USER_INPUT', message: 'body is required' },
  ])('refuses $what with $code and stores nothing', async ({ patch, code, message }) => {
    await refusedWithoutTrace(() => plan(patch), code, message);
  });

  it.each([
    { who: 'a party admin', token: () => tokens.partyAdmin, code: 'FORBIDDEN' },
    { who: 'a dashboard reader', token: () => tokens.dashboard, code: 'FORBIDDEN' },
    { who: 'a caller without a token', token: () => null, code: 'UNAUTHENTICATED' },
  ])('refuses $who on the plan, its withdrawal and its reading, storing nothing', async ({ token, code }) => {
    await refusedWithoutTrace(() => plan({ officialCode: 'PL-002', line: 'COMMITTEE' }, token() ?? null), code);
    const [row] = (await service.db.query(`SELECT id FROM plan_entry WHERE withdrawn_at IS NULL LIMIT 1`)) as { id: string }[];
    await refusedWithoutTrace(() => graphql(url, WITHDRAW, { id: row?.id, reason: 'x' }, token() ?? undefined), code);
    expect(errorCodes(await graphql(url, VOTING_PLAN, { year: 2023 }, token() ?? undefined))).toEqual([code]);
  });

  it('refuses a withdrawal of an unknown entry, without a reason, or twice, and stores nothing', async () => {
    const { planPoll: entry } = dataOf(await plan({ officialCode: 'PL-002', line: 'COMMITTEE', body: 'Hội nghị cán bộ chủ chốt' }));
    await refusedWithoutTrace(() => graphql(url, WITHDRAW, { id: '00000000-0000-4000-8000-000000000000', reason: 'x' }, tokens.analyst), 'NOT_FOUND');
    await refusedWithoutTrace(() => graphql(url, WITHDRAW, { id: 'not-a-uuid', reason: 'x' }, tokens.analyst), 'NOT_FOUND', 'not-a-uuid');
    await refusedWithoutTrace(() => graphql(url, WITHDRAW, { id: entry.id, reason: ' \n ' }, tokens.analyst), 'REASON_REQUIRED');
    dataOf(await graphql(url, WITHDRAW, { id: entry.id, reason: 'Thôi giữ chức vụ' }, tokens.analyst));
    await refusedWithoutTrace(() => graphql(url, WITHDRAW, { id: entry.id, reason: 'Lần nữa' }, tokens.analyst2), 'INVALID_TRANSITION', 'already withdrawn', 'Chuyên viên Một');
  });

  it('refuses to read the plan of a year in no term', async () => {
    const response = await graphql(url, VOTING_PLAN, { year: 1999 }, tokens.analyst);
    expect(errorCodes(response)).toEqual(['YEAR_OUT_OF_TERM']);
    expect(response.errors?.[0]?.message).toContain('1999 is in no known term');
  });
});

describe('the compliance report and the statistics without the lines', () => {
  it('names every line missing and calls nothing unreported that it cannot check', async () => {
    const { complianceReport: report } = dataOf(await graphql<{ complianceReport: Record<string, unknown[]> }>(url,
      `{ complianceReport(year: 2023) { plannedNotReported { agency } reportedNotPlanned { officialCode } missingLines { line message } } }`, {}, tokens.analyst));
    expect(report.plannedNotReported).toEqual([]);
    expect(report.reportedNotPlanned).toEqual([]);
    expect(report.missingLines?.map((m) => (m as { line: string }).line)).toEqual(['party', 'council', 'committee']);
    expect((report.missingLines?.[0] as { message: string }).message).toContain('PARTY_URL');
  });

  it('lets dashboards read the statistics, counting the plan even when nothing could be read', async () => {
    const { boardStatistics: stats } = dataOf(await graphql<{ boardStatistics: { officials: number; progress: unknown[]; missingLines: unknown[] } }>(url,
      `{ boardStatistics(year: 2023) { officials progress { agency planned reported share } missingLines { line } } }`, {}, tokens.dashboard));
    const planned = (await service.db.query(
      `SELECT line, count(DISTINCT official_code)::int AS n FROM plan_entry WHERE year = 2023 AND withdrawn_at IS NULL GROUP BY line`,
    )) as { line: string; n: number }[];
    const count = (line: string) => planned.find((p) => p.line === line)?.n ?? 0;
    expect(stats.officials).toBe(0);
    expect(stats.progress).toEqual([
      { agency: 'party', planned: count('PARTY'), reported: 0, share: '0.00' },
      { agency: 'council', planned: count('COUNCIL'), reported: 0, share: '0.00' },
      { agency: 'committee', planned: count('COMMITTEE'), reported: 0, share: count('COMMITTEE') ? '0.00' : null },
    ]);
    expect(stats.missingLines).toHaveLength(3);
  });

  it.each([
    { query: `{ complianceReport(year: 2023) { year } }`, token: () => tokens.dashboard, code: 'FORBIDDEN' },
    { query: `{ complianceReport(year: 2023) { year } }`, token: () => tokens.partyAdmin, code: 'FORBIDDEN' },
    { query: `{ boardStatistics(year: 2023) { year } }`, token: () => tokens.partyAdmin, code: 'FORBIDDEN' },
    { query: `{ boardStatistics(year: 2023) { year } }`, token: () => undefined, code: 'UNAUTHENTICATED' },
    { query: `{ complianceReport(year: 2035) { year } }`, token: () => tokens.analyst, code: 'YEAR_OUT_OF_TERM' },
    { query: `{ boardStatistics(year: 2019) { year } }`, token: () => tokens.dashboard, code: 'YEAR_OUT_OF_TERM' },
  ])('refuses $query with $code', async ({ query, token, code }) => {
    expect(errorCodes(await graphql(url, query, {}, token()))).toEqual([code]);
  });
});
