import { councilAgency } from '@tinnhiem/council-subgraph';
import { DEVELOPMENT_VIEWERS, startStack, type RunningStack } from '@tinnhiem/stack';
import { addNominee, closeRound, confirmTally, createRound, enterTally, openRound, publishRound, startCounting } from '@tinnhiem/voting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, graphql, TEST_AUTH, tokenFor } from '../support/graphql';

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

describe('the Board and a binding vote (R8)', () => {
  it('sees nothing before publication, then the result, its trigger and the dismissal submission', async () => {
    const before = dataOf(await graphql<{ official: { councilBindingVotes: unknown[] } }>(stack.gatewayUrl, OFFICIAL, {}, token.boardAnalyst));
    expect(before.official.councilBindingVotes).toEqual([]);

    await publishRound(stack.databases.council, roundId);
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
