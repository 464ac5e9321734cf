import { DEVELOPMENT_VIEWERS, startStack, type RunningStack } from '@tinnhiem/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../support/graphql';
import { CORPUS, type CorpusCase, type Fixture, type Sent } from './bad-input/corpus';

// Issue 5, part 6: the bad-input corpus against the running gateway. Every case is refused with a
// clear error or answered correctly; afterwards every service still answers, and the databases
// hold exactly the rows the answered cases were meant to add.

let stack: RunningStack;
let fixture: Fixture;
let before: RowCounts;
const token: Record<string, string> = {};

/** Rows of every table of every subgraph, by "subgraph.table". */
type RowCounts = Record<string, number>;

/**
 * Rows of every table but the audit log, which records each mutation a subgraph ran, refused ones
 * included (tests/e2e/audit-log.test.ts checks it).
 */
async function rowCounts(): Promise<RowCounts> {
  const counts: RowCounts = {};
  for (const [subgraph, db] of Object.entries(stack.databases)) {
    const tables = (await db.query(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'audit_log' ORDER BY 1`,
    )) as { name: string }[];
    for (const { name } of tables) {
      const [row] = (await db.query(`SELECT count(*)::int AS n FROM "${name}"`)) as { n: number }[];
      counts[`${subgraph}.${name}`] = row?.n ?? 0;
    }
  }
  return counts;
}

async function send(sent: Sent): Promise<{ status: number; body: GraphQLResponse }> {
  const { body } = sent;
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers: Record<string, string> = { ...sent.headers };
  if (sent.contentType !== '') headers['content-type'] = sent.contentType ?? 'application/json';
  if (sent.as) headers.authorization = `Bearer ${token[sent.as]}`;
  const method = sent.method ?? 'POST';
  const response = await fetch(`${stack.gatewayUrl}${sent.search ?? ''}`, { method, headers, ...(method === 'POST' ? { body: raw } : {}) });
  const text = await response.text();
  let parsed: GraphQLResponse;
  try {
    parsed = JSON.parse(text) as GraphQLResponse;
  } catch {
    throw new Error(`HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body: parsed };
}

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('bi_party'),
      council: await createTestDatabase('bi_council'),
      committee: await createTestDatabase('bi_committee'),
      board: await createTestDatabase('bi_board'),
    },
  });
  for (const [role, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) token[role] = await tokenFor(viewer);
  const gw = stack.gatewayUrl;
  dataOf(await graphql(gw, `mutation { registerOfficial(input: { code: "BI-1", fullName: "Trần Văn Mẫu", managedBy: STANDING_BOARD,
    posts: [{ line: PARTY, title: "Ủy viên Ban Thường vụ", body: "Ban Chấp hành Đảng bộ thành phố" }] }) { code } }`, {}, token.boardAnalyst));
  const create = async (mode: string) => dataOf(await graphql<{ createPartyRound: { id: string } }>(gw,
    `mutation { createPartyRound(input: { mode: ${mode}, title: "Hội nghị mẫu", body: "Ban Chấp hành Đảng bộ thành phố", year: 2023, summoned: 3 }) { id } }`,
    {}, token.partyAdmin)).createPartyRound.id;
  const draftRoundId = await create('PAPER');
  const ballotRoundId = await create('ELECTRONIC');
  const { addPartyNominee } = dataOf(await graphql<{ addPartyNominee: { id: string } }>(gw,
    `mutation($r: ID!) { addPartyNominee(roundId: $r, input: { officialCode: "BI-1", fullName: "Trần Văn Mẫu", posts: ["Ủy viên Ban Thường vụ"], managedBy: STANDING_BOARD }) { id } }`,
    { r: ballotRoundId }, token.partyAdmin));
  dataOf(await graphql(gw, `mutation($r: ID!) { openPartyRound(roundId: $r, present: 3) { status } }`, { r: ballotRoundId }, token.partyAdmin));
  fixture = { officialCode: 'BI-1', draftRoundId, ballotRoundId, ballotNomineeId: addPartyNominee.id };
  before = await rowCounts();
});

afterAll(async () => {
  await stack?.stop();
});

function check(testCase: CorpusCase, status: number, body: GraphQLResponse): void {
  if (testCase.refused) {
    const { refused } = testCase;
    expect(body.errors?.length, 'refused with at least one error').toBeGreaterThan(0);
    expect({ status, codes: [...new Set(body.errors?.map((e) => e.extensions?.code))] }).toEqual({ status: refused.status, codes: [refused.code] });
    for (const error of body.errors ?? []) expect(error.message.length, 'a message a person can read').toBeGreaterThan(10);
    if (refused.message) expect(body.errors?.[0]?.message).toMatch(refused.message);
  } else {
    expect(body.errors, 'answered without errors').toBeUndefined();
    expect(status).toBe(200);
    testCase.answer?.(body.data as Record<string, unknown>, fixture);
  }
}

describe(`the bad-input corpus (${CORPUS.length} cases)`, () => {
  for (const testCase of CORPUS) {
    it(`${testCase.category}: ${testCase.name}`, async () => {
      const { status, body } = await send(testCase.send(fixture));
      check(testCase, status, body);
    });
  }

  it('leaves every service answering: one query through the board and the three agencies', async () => {
    const { official } = dataOf(await graphql<{ official: unknown }>(stack.gatewayUrl,
      '{ official(code: "BI-1") { code fullName partyResults { band } councilResults { band } committeeResults { band } } }', {}, token.boardAnalyst));
    expect(official).toEqual({ code: 'BI-1', fullName: 'Trần Văn Mẫu', partyResults: [], councilResults: [], committeeResults: [] });
  });

  it('stores exactly the rows of the answered cases, and nothing of the refused ones', async () => {
    const expected = { ...before };
    for (const testCase of CORPUS) {
      for (const [subgraph, tables] of Object.entries(testCase.stores ?? {})) {
        for (const [table, rows] of Object.entries(tables)) {
          const key = `${subgraph}.${table}`;
          expect(key in before, `${key} is a table`).toBe(true);
          expected[key] = (expected[key] ?? 0) + rows;
        }
      }
    }
    expect(await rowCounts()).toEqual(expected);
    console.info(`bad-input corpus: ${CORPUS.length} cases`);
  });
});
