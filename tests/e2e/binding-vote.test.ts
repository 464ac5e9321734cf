import { councilAgency } from '@tinnhiem/council-subgraph';
import { DEVELOPMENT_VIEWERS, startStack, type RunningStack } from '@tinnhiem/stack';
import { addNominee, closeRound, confirmTally, createRound, enterTally, openRound, publishRound, startCounting } from '@tinnhiem/voting';
import { BINDING_VOTE_COLUMNS, BINDING_VOTES_TITLE, COLUMNS } from '@tinnhiem/reports';
import { Workbook } from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor } from '../support/graphql';
import type { DataSource } from 'typeorm';

// The Board reads a People's Council's binding votes (R8) on the official, through the gateway,
// once they are published.

let stack: RunningStack;
const token: Record<string, string> = {};
let roundId = '';

const OFFICIAL = `{ official(code: "BV-001") { code fullName
  councilResults { band }
  councilBindingVotes { roundTitle trigger { reason petitioners } trust noTrust invalid allDelegates percentNoTrust dismissalSubmission
    consequences { code source } } } }`;

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('bv_party'),
      council: await createTestDatabase('bv_council'),
      committee: await createTestDatabase('bv_committee'),
      board: await createTestDatabase('bv_board'),
    },
  });
  for (const [role, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) token[role] = await tokenFor(viewer);
  dataOf(await graphql(stack.gatewayUrl, `mutation($input: OfficialInput!) { registerOfficial(input: $input) { code } }`, {
    input: { code: 'BV-001', fullName: 'Người thử BV-001', managedBy: 'STANDING_BOARD', posts: [{ line: 'COUNCIL', title: 'Phó Chủ tịch UBND thành phố', body: 'HĐND thành phố' }] },
  }, token.boardAnalyst));

  const db = stack.databases.council;
  const round = await createRound(db, councilAgency, DEVELOPMENT_VIEWERS.councilAdmin, {
    kind: 'BINDING_VOTE', trigger: { reason: 'DELEGATE_PETITION', petitioners: 28 },
    title: 'Bỏ phiếu tín nhiệm theo kiến nghị của đại biểu', body: 'HĐND thành phố', year: 2024, summoned: 84,
  });
  const nominee = await addNominee(db, round.id, { officialCode: 'BV-001', fullName: 'Người thử BV-001', posts: ['Phó Chủ tịch UBND thành phố'], managedBy: 'STANDING_BOARD' });
  await openRound(db, councilAgency, round.id, 82);
  await startCounting(db, round.id);
  const figures = { ballotsIssued: 82, ballotsCollected: 82, validBallots: 82, bindingLines: [{ nomineeId: nominee.id, trust: 38, noTrust: 43, invalid: 1 }] };
  const { entry } = await enterTally(db, DEVELOPMENT_VIEWERS.councilCounter1, round.id, figures);
  await confirmTally(db, DEVELOPMENT_VIEWERS.councilCounter2, entry.id, figures);
  await closeRound(db, round.id);
  roundId = round.id;
});

afterAll(async () => {
  await stack?.stop();
});

type Figures = Parameters<typeof enterTally>[3];

/** A council round counted on paper by two counters and closed; returns the round and its nominee's id. */
async function countedCouncilRound(db: DataSource, plan: Parameters<typeof createRound>[3], code: string, present: number, figuresOf: (nomineeId: string) => Figures): Promise<{ roundId: string; nomineeId: string }> {
  const round = await createRound(db, councilAgency, DEVELOPMENT_VIEWERS.councilAdmin, plan);
  const nominee = await addNominee(db, round.id, { officialCode: code, fullName: `Người thử ${code}`, posts: ['Phó Chủ tịch UBND thành phố'], managedBy: 'STANDING_BOARD' });
  await openRound(db, councilAgency, round.id, present);
  await startCounting(db, round.id);
  const figures = figuresOf(nominee.id);
  const { entry } = await enterTally(db, DEVELOPMENT_VIEWERS.councilCounter1, round.id, figures);
  await confirmTally(db, DEVELOPMENT_VIEWERS.councilCounter2, entry.id, figures);
  await closeRound(db, round.id);
  return { roundId: round.id, nomineeId: nominee.id };
}

describe('the Board and a binding vote (R8)', () => {
  it('sees nothing before publication, then the result, its trigger and the dismissal submission', async () => {
    const before = dataOf(await graphql<{ official: { councilBindingVotes: unknown[] } }>(stack.gatewayUrl, OFFICIAL, {}, token.boardAnalyst));
    expect(before.official.councilBindingVotes).toEqual([]);

    await publishRound(stack.databases.council, roundId, new Date('2024-12-10T09:00:00+07:00'));
    const after = dataOf(await graphql<{ official: Record<string, unknown> }>(stack.gatewayUrl, OFFICIAL, {}, token.boardAnalyst));
    expect(after.official).toEqual({
      code: 'BV-001',
      fullName: 'Người thử BV-001',
      // A binding vote is not a confidence poll: the poll results stay as they were.
      councilResults: [],
      councilBindingVotes: [{
        roundTitle: 'Bỏ phiếu tín nhiệm theo kiến nghị của đại biểu',
        trigger: { reason: 'DELEGATE_PETITION', petitioners: 28 },
        trust: 38, noTrust: 43, invalid: 1, allDelegates: 84, percentNoTrust: '51.19', dismissalSubmission: true,
        consequences: [{ code: 'DISMISSAL_SUBMISSION', source: 'NQ 96/2023/QH15 Art. 13' }],
      }],
    });
    // Every role reads published results; a dashboard too.
    const dashboard = dataOf(await graphql<{ official: { councilBindingVotes: unknown[] } }>(stack.gatewayUrl, OFFICIAL, {}, token.dashboardReader));
    expect(dashboard.official.councilBindingVotes).toHaveLength(1);
  });
});

describe('binding votes in the Board\'s follow-ups, compliance report, statistics and report (R7, R8, R12)', () => {
  const RECORD = `mutation($input: FollowUpDecisionInput!) { recordFollowUpDecision(input: $input) { decision } }`;
  const FOLLOW_UPS = `query($year: Int) { followUps(year: $year) { total items { subject agency officialCode band noTrust allDelegates status decisions { decision } } } }`;
  const OWED = `{ complianceReport(year: 2023) { bindingVoteOwed { agency officialCode nomineeId roundTitle source } } }`;
  let poll = { roundId: '', nomineeId: '' };

  beforeAll(async () => {
    const db = stack.databases.council;
    dataOf(await graphql(stack.gatewayUrl, `mutation($input: OfficialInput!) { registerOfficial(input: $input) { code } }`, {
      input: { code: 'BV-002', fullName: 'Người thử BV-002', managedBy: 'STANDING_BOARD', posts: [{ line: 'COUNCIL', title: 'Phó Chủ tịch UBND thành phố', body: 'HĐND thành phố' }] },
    }, token.boardAnalyst));
    // The year-end session of 2023: 50 of 84 delegates' ballots low, over half and under two thirds (R7).
    poll = await countedCouncilRound(db, { title: 'Lấy phiếu tín nhiệm kỳ họp cuối năm 2023', body: 'HĐND thành phố', year: 2023, summoned: 84 }, 'BV-002', 84,
      (nomineeId) => ({ ballotsIssued: 84, ballotsCollected: 84, validBallots: 84, lines: [{ nomineeId, high: 14, confident: 20, low: 50, invalid: 0 }] }));
    await publishRound(db, poll.roundId, new Date('2023-12-12T09:00:00+07:00'));
  });

  it('lists the binding vote a middle-band Council result calls for until it is published', async () => {
    const owed = dataOf(await graphql<{ complianceReport: { bindingVoteOwed: unknown[] } }>(stack.gatewayUrl, OWED, {}, token.boardAnalyst));
    expect(owed.complianceReport.bindingVoteOwed).toEqual([
      { agency: 'council', officialCode: 'BV-002', nomineeId: poll.nomineeId, roundTitle: 'Lấy phiếu tín nhiệm kỳ họp cuối năm 2023', source: 'NQ 96/2023/QH15 Art. 12' },
    ]);

    // Held at the next session, in 2024: 40 of 84 delegates vote no trust, not more than half.
    const vote = await countedCouncilRound(stack.databases.council, {
      kind: 'BINDING_VOTE', trigger: { reason: 'LOW_CONFIDENCE_OVER_HALF', pollNomineeId: poll.nomineeId },
      title: 'Bỏ phiếu tín nhiệm kỳ họp giữa năm 2024', body: 'HĐND thành phố', year: 2024, summoned: 84,
    }, 'BV-002', 80, (nomineeId) => ({ ballotsIssued: 80, ballotsCollected: 80, validBallots: 80, bindingLines: [{ nomineeId, trust: 40, noTrust: 40, invalid: 0 }] }));
    await publishRound(stack.databases.council, vote.roundId, new Date('2024-07-12T09:00:00+07:00'));
    const after = dataOf(await graphql<{ complianceReport: { bindingVoteOwed: unknown[] } }>(stack.gatewayUrl, OWED, {}, token.boardAnalyst));
    expect(after.complianceReport.bindingVoteOwed).toEqual([]);

    // That vote did not reach dismissal: no decision is owed on it.
    const refused = await graphql(stack.gatewayUrl, RECORD, { input: { agency: 'council', nomineeId: vote.nomineeId, decision: 'DISMISSED', decidedOn: '2024-07-20', documentRef: '12/NQ-HĐND' } }, token.boardAnalyst);
    expect(errorCodes(refused)).toEqual(['NOT_LOW_CONFIDENCE']);
    expect(refused.errors?.[0]?.message).toMatch(/40 of 84 delegates voted no trust/);
  });

  it('tracks the dismissal submission as a follow-up until a decision is recorded', async () => {
    const before = dataOf(await graphql<{ followUps: { total: number; items: Record<string, unknown>[] } }>(stack.gatewayUrl, FOLLOW_UPS, { year: 2024 }, token.boardAnalyst));
    expect(before.followUps.items).toEqual([
      { subject: 'DISMISSAL_SUBMISSION', agency: 'council', officialCode: 'BV-001', band: null, noTrust: 43, allDelegates: 84, status: expect.stringMatching(/^(PENDING|OVERDUE)$/), decisions: [] },
    ]);
    const poll2023 = dataOf(await graphql<{ followUps: { items: Record<string, unknown>[] } }>(stack.gatewayUrl, FOLLOW_UPS, { year: 2023 }, token.boardAnalyst));
    expect(poll2023.followUps.items).toEqual([expect.objectContaining({ subject: 'LOW_CONFIDENCE', officialCode: 'BV-002', band: 'OVER_HALF', noTrust: null })]);

    const [vote] = (await stack.databases.council.query(
      `SELECT n.id FROM nominee n JOIN round r ON r.id = n.round_id WHERE r.kind = 'BINDING_VOTE' AND n.official_code = 'BV-001'`,
    )) as { id: string }[];
    const input = { agency: 'council', nomineeId: vote?.id, decidedOn: '2024-12-20', documentRef: '45/NQ-HĐND' };
    expect(errorCodes(await graphql(stack.gatewayUrl, RECORD, { input: { ...input, decision: 'BINDING_VOTE_SCHEDULED' } }, token.boardAnalyst))).toEqual(['BAD_USER_INPUT']);
    dataOf(await graphql(stack.gatewayUrl, RECORD, { input: { ...input, decision: 'DISMISSED' } }, token.boardAnalyst));
    const after = dataOf(await graphql<{ followUps: { items: Record<string, unknown>[] } }>(stack.gatewayUrl, FOLLOW_UPS, { year: 2024 }, token.boardAnalyst));
    expect(after.followUps.items).toEqual([expect.objectContaining({ officialCode: 'BV-001', status: 'DECIDED', decisions: [{ decision: 'DISMISSED' }] })]);
  });

  it('counts the year\'s binding votes for dashboards', async () => {
    const stats = dataOf(await graphql<{ boardStatistics: Record<string, unknown> }>(stack.gatewayUrl,
      `{ boardStatistics(year: 2024) { officials bindingVotes { held dismissalSubmissions byTrigger { reason count } } } }`, {}, token.dashboardReader));
    expect(stats.boardStatistics).toEqual({
      officials: 0,
      bindingVotes: {
        held: 2,
        dismissalSubmissions: 1,
        byTrigger: [
          { reason: 'LOW_CONFIDENCE_OVER_HALF', count: 1 },
          { reason: 'DELEGATE_PETITION', count: 1 },
          { reason: 'FATHERLAND_FRONT_RECOMMENDATION', count: 0 },
        ],
      },
    });
  });

  it('writes the binding votes in a table of their own in the CSV and XLSX reports', async () => {
    const download = (format: string) => fetch(`${new URL(stack.gatewayUrl).origin}/reports/consolidated.${format}?year=2024`, { headers: { authorization: `Bearer ${token.boardAnalyst}` } });
    const csv = (await (await download('csv')).text()).split('\r\n');
    const title = csv.indexOf(BINDING_VOTES_TITLE + ','.repeat(COLUMNS.length - 1));
    expect(title).toBeGreaterThan(0);
    expect(csv[title + 1]?.split(',').slice(0, BINDING_VOTE_COLUMNS.length)).toEqual(BINDING_VOTE_COLUMNS.map((c) => c.header));
    const rows = csv.slice(title + 2).filter((line) => line.startsWith('BV-')).map((line) => line.split(',').slice(0, BINDING_VOTE_COLUMNS.length));
    const column = (key: string) => BINDING_VOTE_COLUMNS.findIndex((c) => c.key === key);
    expect(rows.map((r) => [r[0], r[column('trigger')], r[column('noTrust')], r[column('allDelegates')], r[column('noTrustPercent')], r[column('outcome')], r[column('latestDecision')]])).toEqual([
      ['BV-001', 'Kiến nghị của ít nhất 1/3 tổng số đại biểu', '43', '84', '51.19', 'Quá 1/2 tổng số đại biểu không tín nhiệm: trình miễn nhiệm', 'Miễn nhiệm'],
      ['BV-002', 'Trên 1/2 tín nhiệm thấp khi lấy phiếu', '40', '84', '47.62', 'Không quá 1/2 tổng số đại biểu không tín nhiệm', ''],
    ].map((r) => r.map((cell, i) => (i === 6 && cell ? expect.stringContaining(cell) : cell))));

    const workbook = new Workbook();
    await workbook.xlsx.load(await (await download('xlsx')).arrayBuffer());
    const sheet = workbook.getWorksheet(`${BINDING_VOTES_TITLE} 2024`);
    expect(sheet?.rowCount).toBe(3);
    expect(sheet?.getRow(2).getCell(column('noTrust') + 1).value).toBe(43);
  });
});
