import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgencyService, type AgencyService } from '@tinnhiem/voting';
import { createTestDatabase } from '../../../tests/support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor } from '../../../tests/support/graphql';

const party = { id: 'party', name: 'Ban Chấp hành Đảng bộ thành phố (test)', rulebook: 'QD96' } as const;

let service: AgencyService;
let url: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  service = await startAgencyService({ agency: party, databaseUrl: await createTestDatabase('electronic'), port: 0, auth: TEST_AUTH });
  url = service.url;
  tokens.admin = await tokenFor({ subject: 'a1', name: 'Admin', roles: ['party:admin'] });
  tokens.auditor = await tokenFor({ subject: 'au', name: 'Auditor', roles: ['auditor'] });
  tokens.analyst = await tokenFor({ subject: 'b1', name: 'Analyst', roles: ['board:analyst'] });
});

afterAll(async () => {
  await service?.stop();
});

async function openElectronicRound(present: number): Promise<{ roundId: string; nominees: string[]; codes: string[] }> {
  const { createPartyRound } = dataOf(await graphql<{ createPartyRound: { id: string } }>(url,
    `mutation { createPartyRound(input: { mode: ELECTRONIC, title: "Bỏ phiếu điện tử 2023", body: "Ban Chấp hành", year: 2023, summoned: ${present} }) { id } }`,
    {}, tokens.admin));
  const nominees: string[] = [];
  for (const code of ['E-1', 'E-2']) {
    const { addPartyNominee } = dataOf(await graphql<{ addPartyNominee: { id: string } }>(url,
      `mutation($r: ID!, $c: String!) { addPartyNominee(roundId: $r, input: { officialCode: $c, fullName: "Người thử", posts: ["Ủy viên"], managedBy: STANDING_BOARD }) { id } }`,
      { r: createPartyRound.id, c: code }, tokens.admin));
    nominees.push(addPartyNominee.id);
  }
  dataOf(await graphql(url, `mutation($r: ID!, $p: Int!) { openPartyRound(roundId: $r, present: $p) { status } }`, { r: createPartyRound.id, p: present }, tokens.admin));
  const { issuePartyBallotCodes } = dataOf(await graphql<{ issuePartyBallotCodes: { codes: string[] } }>(url,
    `mutation($r: ID!) { issuePartyBallotCodes(roundId: $r) { codes } }`, { r: createPartyRound.id }, tokens.admin));
  return { roundId: createPartyRound.id, nominees, codes: issuePartyBallotCodes.codes };
}

const CAST = `mutation($code: String!, $marks: [BallotMarkInput!]!) { castPartyBallot(code: $code, marks: $marks) { receipt } }`;

describe('an electronic round', () => {
  it('takes secret ballots with single-use codes, counts them from the log at close, and seals the result', async () => {
    const { roundId, nominees, codes } = await openElectronicRound(3);
    expect(codes).toHaveLength(3);
    expect(new Set(codes).size).toBe(3);
    const [a, b] = nominees as [string, string];
    const receipts: string[] = [];
    for (const [code, marks] of [
      [codes[0], [{ nomineeId: a, mark: 'LOW' }, { nomineeId: b, mark: 'HIGH' }]],
      [codes[1], [{ nomineeId: a, mark: 'LOW' }, { nomineeId: b, mark: 'BLANK' }]],
      [codes[2], [{ nomineeId: a, mark: 'CONFIDENT' }, { nomineeId: b, mark: 'HIGH' }]],
    ] as const) {
      receipts.push(dataOf(await graphql<{ castPartyBallot: { receipt: string } }>(url, CAST, { code, marks }, undefined)).castPartyBallot.receipt);
    }
    expect(errorCodes(await graphql(url, CAST, { code: codes[0], marks: [{ nomineeId: a, mark: 'LOW' }, { nomineeId: b, mark: 'LOW' }] }))).toEqual(['TOKEN_USED']);

    // While open: only the number of ballots cast.
    const open = dataOf(await graphql<{ partyRound: { ballotsCast: number; results: unknown[] } }>(url,
      `query($r: ID!) { partyRound(id: $r) { ballotsCast results { band } } }`, { r: roundId }, tokens.admin));
    expect(open.partyRound).toEqual({ ballotsCast: 3, results: [] });

    dataOf(await graphql(url, `mutation($r: ID!) { startPartyCounting(roundId: $r) { status } }`, { r: roundId }, tokens.admin));
    dataOf(await graphql(url, `mutation($r: ID!) { closePartyRound(roundId: $r) { status } }`, { r: roundId }, tokens.admin));
    dataOf(await graphql(url, `mutation($r: ID!) { publishPartyRound(roundId: $r) { status sealDigest } }`, { r: roundId }, tokens.admin));

    const published = dataOf(await graphql<{ partyRound: { sealDigest: string; results: Record<string, unknown>[] } }>(url,
      `query($r: ID!) { partyRound(id: $r) { sealDigest results { officialCode band ballots { issued collected valid } counts { high confident low invalid } } } }`,
      { r: roundId }, tokens.analyst));
    expect(published.partyRound.sealDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(published.partyRound.results).toEqual([
      { officialCode: 'E-1', band: 'TWO_THIRDS_OR_MORE', ballots: { issued: 3, collected: 3, valid: 3 }, counts: { high: 0, confident: 1, low: 2, invalid: 0 } },
      { officialCode: 'E-2', band: 'NOT_OVER_HALF', ballots: { issued: 3, collected: 3, valid: 3 }, counts: { high: 2, confident: 0, low: 0, invalid: 1 } },
    ]);

    const list = dataOf(await graphql<{ partyBallotReceipts: string[] }>(url, `query($r: ID!) { partyBallotReceipts(roundId: $r) }`, { r: roundId }));
    expect(list.partyBallotReceipts).toEqual([...receipts].sort());

    const verified = dataOf(await graphql<{ verifyPartyRound: Record<string, unknown> }>(url,
      `query($r: ID!) { verifyPartyRound(roundId: $r) { ballots tokensUsed intact breaks { position } tallyMatchesMinutes sealMatches } }`, { r: roundId }, tokens.auditor));
    expect(verified.verifyPartyRound).toEqual({ ballots: 3, tokensUsed: 3, intact: true, breaks: [], tallyMatchesMinutes: true, sealMatches: true });

    // A ballot changed behind the service's back is found, and named by its receipt.
    await service.db.query(`ALTER TABLE ballot DISABLE TRIGGER ballot_append_only`);
    await service.db.query(`UPDATE ballot SET marks = '13' WHERE round_id = $1 AND position = 2`, [roundId]);
    await service.db.query(`ALTER TABLE ballot ENABLE TRIGGER ballot_append_only`);
    const tampered = dataOf(await graphql<{ verifyPartyRound: { intact: boolean; breaks: { position: number; hash: string; problem: string }[]; tallyMatchesMinutes: boolean; sealMatches: boolean } }>(url,
      `query($r: ID!) { verifyPartyRound(roundId: $r) { intact breaks { position hash problem } tallyMatchesMinutes sealMatches } }`, { r: roundId }, tokens.auditor));
    expect(tampered.verifyPartyRound.intact).toBe(false);
    expect(tampered.verifyPartyRound.breaks).toEqual([{ position: 2, hash: receipts[1], problem: expect.stringContaining('was changed') }]);
    expect(tampered.verifyPartyRound.tallyMatchesMinutes).toBe(false);
    expect(tampered.verifyPartyRound.sealMatches).toBe(false);
  });

  it('stores no voter, code or time with a ballot, and refuses edits in the database', async () => {
    const columns = (await service.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'ballot' ORDER BY ordinal_position`,
    )) as { column_name: string }[];
    expect(columns.map((c) => c.column_name)).toEqual(['round_id', 'position', 'nonce', 'marks', 'prev_hash', 'hash']);
    const tokenColumns = (await service.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'ballot_token' ORDER BY ordinal_position`,
    )) as { column_name: string }[];
    expect(tokenColumns.map((c) => c.column_name)).toEqual(['token_hash', 'round_id', 'used']);
    await expect(service.db.query(`DELETE FROM ballot`)).rejects.toThrow(/append-only/);
    await expect(service.db.query(`UPDATE ballot_token SET used = false WHERE used`)).rejects.toThrow(/only ever marked used/);
  });
});
