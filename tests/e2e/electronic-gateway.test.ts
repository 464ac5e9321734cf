import { DEVELOPMENT_VIEWERS, startStack, type RunningStack } from '@tinnhiem/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor } from '../support/graphql';

let stack: RunningStack;
const token: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('eg_party'),
      council: await createTestDatabase('eg_council'),
      committee: await createTestDatabase('eg_committee'),
      board: await createTestDatabase('eg_board'),
    },
  });
  for (const [role, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) token[role] = await tokenFor(viewer);
});

afterAll(async () => {
  await stack?.stop();
});

describe('an electronic round through the gateway', () => {
  it('takes anonymous ballots by code and gives the Board a sealed result it can verify', async () => {
    const gw = stack.gatewayUrl;
    dataOf(await graphql(gw, `mutation { registerOfficial(input: { code: "EG-1", fullName: "Đoàn Thị Thử", managedBy: STANDING_BOARD,
      posts: [{ line: PARTY, title: "Ủy viên Ban Thường vụ", body: "Ban Thường vụ Thành ủy" }] }) { code } }`, {}, token.boardAnalyst));
    const { createPartyRound: round } = dataOf(await graphql<{ createPartyRound: { id: string } }>(gw,
      `mutation { createPartyRound(input: { mode: ELECTRONIC, title: "Bỏ phiếu điện tử", body: "Ban Chấp hành Đảng bộ thành phố", year: 2023, summoned: 4 }) { id } }`,
      {}, token.partyAdmin));
    const { addPartyNominee: nominee } = dataOf(await graphql<{ addPartyNominee: { id: string } }>(gw,
      `mutation($r: ID!) { addPartyNominee(roundId: $r, input: { officialCode: "EG-1", fullName: "Đoàn Thị Thử", posts: ["Ủy viên Ban Thường vụ"], managedBy: STANDING_BOARD }) { id } }`,
      { r: round.id }, token.partyAdmin));
    dataOf(await graphql(gw, `mutation($r: ID!) { openPartyRound(roundId: $r, present: 4) { status } }`, { r: round.id }, token.partyAdmin));
    const { issuePartyBallotCodes: sheet } = dataOf(await graphql<{ issuePartyBallotCodes: { codes: string[] } }>(gw,
      `mutation($r: ID!) { issuePartyBallotCodes(roundId: $r) { codes } }`, { r: round.id }, token.partyAdmin));

    const CAST = `mutation($code: String!, $marks: [BallotMarkInput!]!) { castPartyBallot(code: $code, marks: $marks) { receipt } }`;
    const receipts: string[] = [];
    for (const [i, code] of sheet.codes.entries()) {
      const mark = i < 3 ? 'LOW' : 'HIGH';
      // Voters hold a code, not an account: no Authorization header.
      const cast = dataOf(await graphql<{ castPartyBallot: { receipt: string } }>(gw, CAST, { code, marks: [{ nomineeId: nominee.id, mark }] }));
      receipts.push(cast.castPartyBallot.receipt);
    }
    expect(errorCodes(await graphql(gw, CAST, { code: sheet.codes[0], marks: [{ nomineeId: nominee.id, mark: 'HIGH' }] }))).toEqual(['TOKEN_USED']);

    for (const step of ['startPartyCounting', 'closePartyRound', 'publishPartyRound']) {
      dataOf(await graphql(gw, `mutation($r: ID!) { ${step}(roundId: $r) { status } }`, { r: round.id }, token.partyAdmin));
    }
    const { official } = dataOf(await graphql<{ official: { partyResults: unknown[] } }>(gw,
      `{ official(code: "EG-1") { partyResults { band counts { high low } ballots { issued collected } } } }`, {}, token.boardAnalyst));
    expect(official.partyResults).toEqual([{ band: 'TWO_THIRDS_OR_MORE', counts: { high: 1, low: 3 }, ballots: { issued: 4, collected: 4 } }]);

    const listed = dataOf(await graphql<{ partyBallotReceipts: string[] }>(gw, `query($r: ID!) { partyBallotReceipts(roundId: $r) }`, { r: round.id }));
    expect(listed.partyBallotReceipts).toEqual([...receipts].sort());
    const check = dataOf(await graphql<{ verifyPartyRound: unknown }>(gw,
      `query($r: ID!) { verifyPartyRound(roundId: $r) { intact ballots tallyMatchesMinutes sealMatches } }`, { r: round.id }, token.boardAnalyst));
    expect(check.verifyPartyRound).toEqual({ intact: true, ballots: 4, tallyMatchesMinutes: true, sealMatches: true });
  });
});
