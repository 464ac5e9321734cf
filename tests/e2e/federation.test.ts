import { committeeAgency } from '@tinnhiem/committee-subgraph';
import { councilAgency } from '@tinnhiem/council-subgraph';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { DEVELOPMENT_VIEWERS, seedDemo, startStack, type RunningStack } from '@tinnhiem/stack';
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
      party: await createTestDatabase('e2e_party'),
      council: await createTestDatabase('e2e_council'),
      committee: await createTestDatabase('e2e_committee'),
      board: await createTestDatabase('e2e_board'),
    },
  });
  await seedDemo(stack.databases, { party: partyAgency, council: councilAgency, committee: committeeAgency }, () => undefined);
  for (const [role, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) token[role] = await tokenFor(viewer);
});

afterAll(async () => {
  await stack?.stop();
});

const OFFICIAL = `query($code: ID!) { official(code: $code) {
  code fullName managedBy posts { line title }
  partyResults { roundTitle band percentages { low } }
  councilResults { roundTitle band base { kind size } counts { high confident low invalid unmarked } percentages { high confident low } consequences { code source } }
  committeeResults { roundTitle band }
} }`;

describe('through the gateway', () => {
  it('runs a Party-line paper round from plan to a published result that the Board reads on the Official', async () => {
    const gw = stack.gatewayUrl;
    const registered = await graphql(gw, `mutation($input: OfficialInput!) { registerOfficial(input: $input) { code } }`, {
      input: {
        code: 'E2E-001',
        fullName: 'Trương Thị Thử Nghiệm',
        managedBy: 'STANDING_BOARD',
        posts: [
          { line: 'PARTY', title: 'Ủy viên Ban Thường vụ Thành ủy', body: 'Ban Thường vụ Thành ủy' },
          { line: 'COUNCIL', title: 'Phó Chủ tịch HĐND thành phố', body: 'Hội đồng nhân dân thành phố' },
        ],
      },
    }, token.boardAnalyst);
    dataOf(registered);

    const { createPartyRound: round } = dataOf(await graphql<{ createPartyRound: { id: string } }>(gw,
      `mutation { createPartyRound(input: { title: "Lấy phiếu bổ sung 2023", body: "Ban Chấp hành Đảng bộ thành phố", year: 2023, summoned: 51 }) { id } }`,
      {}, token.partyAdmin));
    const { addPartyNominee: nominee } = dataOf(await graphql<{ addPartyNominee: { id: string } }>(gw,
      `mutation($roundId: ID!) { addPartyNominee(roundId: $roundId, input: { officialCode: "E2E-001", fullName: "Trương Thị Thử Nghiệm",
        posts: ["Ủy viên Ban Thường vụ Thành ủy"], managedBy: STANDING_BOARD }) { id } }`,
      { roundId: round.id }, token.partyAdmin));
    dataOf(await graphql(gw, `mutation($id: ID!) { openPartyRound(roundId: $id, present: 49) { status } }`, { id: round.id }, token.partyAdmin));
    dataOf(await graphql(gw, `mutation($id: ID!) { startPartyCounting(roundId: $id) { status } }`, { id: round.id }, token.partyAdmin));
    const input = { ballotsIssued: 49, ballotsCollected: 49, validBallots: 48, lines: [{ nomineeId: nominee.id, high: 5, confident: 10, low: 33, invalid: 0 }] };
    const { enterPartyTally: entry } = dataOf(await graphql<{ enterPartyTally: { id: string } }>(gw,
      `mutation($id: ID!, $input: TallyInput!) { enterPartyTally(roundId: $id, input: $input) { id } }`, { id: round.id, input }, token.partyCounter1));

    // Not yet published: the Board sees no Party result for this official.
    const before = dataOf(await graphql<{ official: { partyResults: unknown[] } }>(gw, OFFICIAL, { code: 'E2E-001' }, token.boardAnalyst));
    expect(before.official.partyResults).toEqual([]);

    dataOf(await graphql(gw, `mutation($id: ID!, $input: TallyInput!) { confirmPartyTally(entryId: $id, input: $input) { id } }`, { id: entry.id, input }, token.partyCounter2));
    dataOf(await graphql(gw, `mutation($id: ID!) { closePartyRound(roundId: $id) { status } }`, { id: round.id }, token.partyAdmin));
    dataOf(await graphql(gw, `mutation($id: ID!) { publishPartyRound(roundId: $id) { status } }`, { id: round.id }, token.partyAdmin));

    const after = dataOf(await graphql<{ official: { fullName: string; partyResults: { band: string; percentages: { low: string } }[] } }>(gw, OFFICIAL, { code: 'E2E-001' }, token.boardAnalyst));
    expect(after.official.fullName).toBe('Trương Thị Thử Nghiệm');
    // 33 of 49 collected: 67.35% ≥ two thirds (33·3 = 99 ≥ 98).
    expect(after.official.partyResults).toEqual([{ roundTitle: 'Lấy phiếu bổ sung 2023', band: 'TWO_THIRDS_OR_MORE', percentages: { low: '67.35' } }]);
  });

  it('shows an official polled in two lines with both lines’ results in one query', async () => {
    const { official } = dataOf(await graphql<{ official: Record<string, unknown> }>(stack.gatewayUrl, OFFICIAL, { code: 'SO-014' }, token.boardAnalyst));
    expect(official.councilResults).toEqual([
      expect.objectContaining({
        band: 'TWO_THIRDS_OR_MORE',
        base: { kind: 'COLLECTED', size: 80 },
        consequences: [
          expect.objectContaining({ code: 'DISMISSAL_SUBMISSION', source: expect.stringContaining('NQ 96/2023/QH15') }),
          expect.objectContaining({ code: 'CONSIDER_PROMPTLY' }),
        ],
      }),
    ]);
    expect(official.committeeResults).toEqual([expect.objectContaining({ band: 'OVER_HALF' })]);
    expect(official.partyResults).toEqual([]);
  });

  it('gives demo results in every outcome band', async () => {
    const query = `{ officials(limit: 100) { total items { code partyResults { band } councilResults { band } committeeResults { band } } } }`;
    const { officials } = dataOf(await graphql<{ officials: { total: number; items: Record<string, { band: string }[]>[] } }>(stack.gatewayUrl, query, {}, token.boardAnalyst));
    const bands = new Set(officials.items.flatMap((o) => [...o.partyResults!, ...o.councilResults!, ...o.committeeResults!].map((r) => r.band)));
    expect([...bands].sort()).toEqual(['NOT_OVER_HALF', 'OVER_HALF', 'TWO_THIRDS_OR_MORE']);
    const twoLines = officials.items.filter((o) => [o.partyResults, o.councilResults, o.committeeResults].filter((r) => r!.length > 0).length >= 2);
    expect(twoLines.length).toBeGreaterThanOrEqual(10);
  });

  it('refuses a write by another agency’s role and an anonymous read, with codes the client can act on', async () => {
    const forbidden = await graphql(stack.gatewayUrl,
      `mutation { createPartyRound(input: { title: "x", body: "y", year: 2023, summoned: 10 }) { id } }`, {}, token.councilAdmin);
    expect(errorCodes(forbidden)).toEqual(['FORBIDDEN']);
    const anonymous = await graphql(stack.gatewayUrl, `{ partyRounds { total } }`);
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });
});
