import { followUpStatus } from '@tinnhiem/board-subgraph';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { DEVELOPMENT_VIEWERS, startStack, type RunningStack } from '@tinnhiem/stack';
import { addNominee, closeRound, confirmTally, createRound, enterTally, openRound, publishRound, startCounting } from '@tinnhiem/voting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor } from '../support/graphql';

let stack: RunningStack;
const token: Record<string, string> = {};
const nominee: Record<'low' | 'fine', string> = { low: '', fine: '' };

const RECORD = `mutation($input: FollowUpDecisionInput!) { recordFollowUpDecision(input: $input) { id decision decidedOn documentRef recordedByName } }`;
const LIST = `{ followUps(year: 2023) { total items { officialCode band status dueOn decisions { decision documentRef note } } } }`;

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('fu_party'),
      council: await createTestDatabase('fu_council'),
      committee: await createTestDatabase('fu_committee'),
      board: await createTestDatabase('fu_board'),
    },
  });
  for (const [role, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) token[role] = await tokenFor(viewer);
  for (const code of ['FU-LOW', 'FU-FINE']) {
    dataOf(await graphql(stack.gatewayUrl, `mutation($input: OfficialInput!) { registerOfficial(input: $input) { code } }`, {
      input: { code, fullName: `Người thử ${code}`, managedBy: 'STANDING_BOARD', posts: [{ line: 'PARTY', title: 'Ủy viên', body: 'Ban Thường vụ' }] },
    }, token.boardAnalyst));
  }
  const db = stack.databases.party;
  const round = await createRound(db, partyAgency, DEVELOPMENT_VIEWERS.partyAdmin, { title: 'Vòng thử', body: 'Ban Chấp hành', year: 2023, summoned: 30 });
  const low = await addNominee(db, round.id, { officialCode: 'FU-LOW', fullName: 'Người thử FU-LOW', posts: ['Ủy viên'], managedBy: 'STANDING_BOARD' });
  const fine = await addNominee(db, round.id, { officialCode: 'FU-FINE', fullName: 'Người thử FU-FINE', posts: ['Ủy viên'], managedBy: 'STANDING_BOARD' });
  // Polled under a cadre code the registry does not know (a typo at the agency, say).
  const ghost = await addNominee(db, round.id, { officialCode: 'FU-GHOST', fullName: 'Người thử FU-GHOST', posts: ['Ủy viên'], managedBy: 'AGENCY' });
  await openRound(db, partyAgency, round.id, 30);
  await startCounting(db, round.id);
  const figures = {
    ballotsIssued: 30, ballotsCollected: 30, validBallots: 30,
    lines: [
      { nomineeId: low.id, high: 5, confident: 9, low: 16, invalid: 0 },
      { nomineeId: fine.id, high: 20, confident: 10, low: 0, invalid: 0 },
      { nomineeId: ghost.id, high: 25, confident: 5, low: 0, invalid: 0 },
    ],
  };
  const { entry } = await enterTally(db, DEVELOPMENT_VIEWERS.partyCounter1, round.id, figures);
  await confirmTally(db, DEVELOPMENT_VIEWERS.partyCounter2, entry.id, figures);
  await closeRound(db, round.id);
  await publishRound(db, round.id, new Date('2023-12-10T09:00:00Z'));
  nominee.low = low.id;
  nominee.fine = fine.id;
});

afterAll(async () => {
  await stack?.stop();
});

async function decisionCount(): Promise<number> {
  const [{ count }] = await stack.databases.board.query(`SELECT count(*)::int AS count FROM follow_up_decision`);
  return count;
}

describe('follow-up decisions (R12)', () => {
  it('lists a published low-confidence result as overdue until a decision is recorded, then keeps every decision', async () => {
    let list = dataOf(await graphql<{ followUps: { total: number; items: Record<string, unknown>[] } }>(stack.gatewayUrl, LIST, {}, token.boardAnalyst));
    expect(list.followUps.items).toEqual([{ officialCode: 'FU-LOW', band: 'OVER_HALF', status: 'OVERDUE', dueOn: '2024-01-09', decisions: [] }]);

    const input = { agency: 'party', nomineeId: nominee.low, decision: 'BINDING_VOTE_SCHEDULED', decidedOn: '2024-01-05', documentRef: '12-QĐ/TU' };
    dataOf(await graphql(stack.gatewayUrl, RECORD, { input }, token.boardAnalyst));
    dataOf(await graphql(stack.gatewayUrl, RECORD, { input: { ...input, decision: 'RELIEVED', decidedOn: '2024-02-01', documentRef: '15-QĐ/TU', note: 'Sau bỏ phiếu tín nhiệm' } }, token.boardAnalyst));

    list = dataOf(await graphql(stack.gatewayUrl, LIST, {}, token.boardAnalyst));
    expect(list.followUps.items[0]).toMatchObject({
      status: 'DECIDED',
      decisions: [
        { decision: 'BINDING_VOTE_SCHEDULED', documentRef: '12-QĐ/TU', note: null },
        { decision: 'RELIEVED', documentRef: '15-QĐ/TU', note: 'Sau bỏ phiếu tín nhiệm' },
      ],
    });
    await expect(stack.databases.board.query(`UPDATE follow_up_decision SET decision = 'NO_ACTION'`)).rejects.toThrow(/append-only/);
    await expect(stack.databases.board.query(`DELETE FROM follow_up_decision`)).rejects.toThrow(/append-only/);
  });

  it.each([
    ['a result that is not low confidence', { nomineeId: 'fine' }, 'boardAnalyst', 'NOT_LOW_CONFIDENCE'],
    ['an unknown result', { nomineeId: '00000000-0000-4000-8000-000000000000' }, 'boardAnalyst', 'NOT_FOUND'],
    ['an unknown line', { agency: 'army' }, 'boardAnalyst', 'BAD_USER_INPUT'],
    ['a malformed date', { decidedOn: '05/01/2024' }, 'boardAnalyst', 'BAD_USER_INPUT'],
    ['a date in the future', { decidedOn: '2999-01-01' }, 'boardAnalyst', 'BAD_USER_INPUT'],
    ['a date before publication', { decidedOn: '2023-12-01' }, 'boardAnalyst', 'BAD_USER_INPUT'],
    ['no document reference', { documentRef: '  ' }, 'boardAnalyst', 'BAD_USER_INPUT'],
    ['no action without a reason', { decision: 'NO_ACTION' }, 'boardAnalyst', 'REASON_REQUIRED'],
    ['an agency admin', {}, 'partyAdmin', 'FORBIDDEN'],
    ['a dashboard reader', {}, 'dashboardReader', 'FORBIDDEN'],
  ])('refuses %s and stores nothing', async (_case, change, role, code) => {
    const before = await decisionCount();
    const input = { agency: 'party', nomineeId: nominee.low, decision: 'REMOVED_FROM_PLANNING', decidedOn: '2024-01-05', documentRef: '20-QĐ/TU', ...change };
    if (input.nomineeId === 'fine') input.nomineeId = nominee.fine;
    const answer = await graphql(stack.gatewayUrl, RECORD, { input }, token[role as string]);
    expect(errorCodes(answer)).toEqual([code]);
    expect(answer.errors?.[0]?.message.length).toBeGreaterThan(20);
    expect(await decisionCount()).toBe(before);
  });

  it('counts days from publication: pending until the due day, overdue after it', () => {
    const result = { requiresDecision: true, publishedAt: '2023-12-10T09:00:00Z' };
    expect(followUpStatus(result, 0, new Date('2024-01-09T12:00:00Z'), 30)).toEqual({ status: 'PENDING', dueOn: '2024-01-09' });
    expect(followUpStatus(result, 0, new Date('2024-01-10T00:00:01Z'), 30)).toEqual({ status: 'OVERDUE', dueOn: '2024-01-09' });
    expect(followUpStatus(result, 1, new Date('2025-01-01'), 30).status).toBe('DECIDED');
    expect(followUpStatus({ requiresDecision: false, publishedAt: null }, 0, new Date(), 30)).toEqual({ status: 'NOT_REQUIRED', dueOn: null });
  });

  it('refuses a year outside every term', async () => {
    const answer = await graphql(stack.gatewayUrl, `{ followUps(year: 1999) { total } }`, {}, token.boardAnalyst);
    expect(errorCodes(answer)).toEqual(['YEAR_OUT_OF_TERM']);
    const report = await fetch(`${new URL(stack.gatewayUrl).origin}/reports/consolidated.csv?year=1999`, {
      headers: { authorization: `Bearer ${token.boardAnalyst}` },
    });
    expect(report.status).toBe(400);
  });
});

describe('results for officials the registry does not know', () => {
  it('are listed by the compliance report and named in the consolidated report instead of vanishing', async () => {
    const compliance = dataOf(await graphql<{ complianceReport: { notInRegistry: { officialCode: string; agency: string }[] } }>(
      stack.gatewayUrl, `{ complianceReport(year: 2023) { notInRegistry { agency officialCode } } }`, {}, token.boardAnalyst));
    expect(compliance.complianceReport.notInRegistry).toEqual([{ agency: 'party', officialCode: 'FU-GHOST' }]);
    const csv = await (await fetch(`${new URL(stack.gatewayUrl).origin}/reports/consolidated.csv?year=2023`, {
      headers: { authorization: `Bearer ${token.boardAnalyst}` },
    })).text();
    expect(csv).toContain('FU-GHOST');
    expect(csv).toContain('chưa có trong danh mục');
  });
});

describe('a bad token at the gateway', () => {
  it('is refused with HTTP 401 and UNAUTHENTICATED', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ query: '{ officials { total } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });
});
