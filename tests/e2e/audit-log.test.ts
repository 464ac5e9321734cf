import { inputDigest } from '@tinnhiem/platform';
import { DEVELOPMENT_VIEWERS, startStack, type RunningStack, type SubgraphName } from '@tinnhiem/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../support/graphql';

// Issue 5, part 5: every mutation through the gateway leaves two entries in its subgraph's audit log,
// one before it runs (STARTED) and one with its outcome
// (who, which field, the digest of its arguments, the outcome); ballot casting leaves none (R2).

let stack: RunningStack;
const token: Record<string, string> = {};

interface Entry {
  seq: string;
  at: string;
  subject: string | null;
  roles: string[];
  operation: string;
  inputDigest: string;
  outcome: string;
}

const LOG_FIELDS = 'items { seq at subject roles operation inputDigest outcome } total';

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('audit_party'),
      council: await createTestDatabase('audit_council'),
      committee: await createTestDatabase('audit_committee'),
      board: await createTestDatabase('audit_board'),
    },
  });
  for (const [role, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) token[role] = await tokenFor(viewer);
});

afterAll(async () => {
  await stack?.stop();
});

async function log(subgraph: SubgraphName, args = ''): Promise<{ items: Entry[]; total: number }> {
  const field = `${subgraph}AuditLog`;
  const answer = await graphql<Record<string, { items: Entry[]; total: number }>>(stack.gatewayUrl, `{ ${field}${args} { ${LOG_FIELDS} } }`, {}, token.auditor);
  return dataOf(answer)[field] as { items: Entry[]; total: number };
}

async function rowCount(subgraph: SubgraphName): Promise<number> {
  const [row] = (await stack.databases[subgraph].query(`SELECT count(*)::int AS n FROM audit_log`)) as { n: number }[];
  return row?.n ?? 0;
}

/**
 * Runs one mutation through the gateway and returns the entry of its outcome in `subgraph`'s log,
 * after checking the entry written before it ran: same caller, field and digest, outcome STARTED.
 */
async function auditedCall<T>(subgraph: SubgraphName, query: string, variables: Record<string, unknown>, who?: string): Promise<{ answer: GraphQLResponse<T>; entry: Entry }> {
  const before = await rowCount(subgraph);
  const answer = await graphql<T>(stack.gatewayUrl, query, variables, who ? token[who] : undefined);
  const { items, total } = await log(subgraph, `(offset: ${before})`);
  expect(total - before, `${query} must add exactly two entries`).toBe(2);
  const [started, outcome] = items as [Entry, Entry];
  expect(started).toEqual({ ...outcome, seq: started.seq, at: started.at, outcome: 'STARTED' });
  expect(Number(started.seq)).toBeLessThan(Number(outcome.seq));
  return { answer, entry: outcome };
}

describe('the audit log', () => {
  it('records each mutation through the gateway once, with the caller, the field and the digest of its arguments', async () => {
    const official = { code: 'AU-1', fullName: 'Người thử AU-1', managedBy: 'STANDING_BOARD', posts: [{ line: 'PARTY', title: 'Ủy viên', body: 'Ban Thường vụ Thành ủy' }] };
    const registered = await auditedCall('board', `mutation($input: OfficialInput!) { registerOfficial(input: $input) { code } }`, { input: official }, 'boardAnalyst');
    dataOf(registered.answer);
    expect(registered.entry).toMatchObject({
      subject: 'board-analyst', roles: ['board:analyst'], operation: 'registerOfficial', outcome: 'ok', inputDigest: inputDigest({ input: official }),
    });

    const plan = { mode: 'ELECTRONIC', title: 'Vòng thử nhật ký', body: 'Ban Chấp hành', year: 2023, summoned: 3 };
    const created = await auditedCall<{ createPartyRound: { id: string } }>('party', `mutation($p: RoundPlanInput!) { createPartyRound(input: $p) { id } }`, { p: plan }, 'partyAdmin');
    const roundId = dataOf(created.answer).createPartyRound.id;
    expect(created.entry).toMatchObject({ subject: 'party-admin', roles: ['party:admin'], operation: 'createPartyRound', outcome: 'ok', inputDigest: inputDigest({ input: plan }) });

    const nominee = { officialCode: 'AU-1', fullName: 'Người thử AU-1', posts: ['Ủy viên'], managedBy: 'STANDING_BOARD' };
    const added = await auditedCall<{ addPartyNominee: { id: string } }>('party',
      `mutation($r: ID!, $n: NomineeInput!) { addPartyNominee(roundId: $r, input: $n) { id } }`, { r: roundId, n: nominee }, 'partyAdmin');
    const nomineeId = dataOf(added.answer).addPartyNominee.id;
    // The digest is over the arguments by their names in the schema, keys sorted: the order a client writes them in does not matter.
    expect(added.entry.inputDigest).toBe(inputDigest({ input: { managedBy: 'STANDING_BOARD', posts: ['Ủy viên'], fullName: 'Người thử AU-1', officialCode: 'AU-1' }, roundId }));

    const opened = await auditedCall('party', `mutation($r: ID!) { openPartyRound(roundId: $r, present: 3) { status } }`, { r: roundId }, 'partyAdmin');
    expect(opened.entry).toMatchObject({ operation: 'openPartyRound', outcome: 'ok', inputDigest: inputDigest({ roundId, present: 3 }) });

    const issued = await auditedCall<{ issuePartyBallotCodes: { codes: string[] } }>('party',
      `mutation($r: ID!) { issuePartyBallotCodes(roundId: $r) { codes } }`, { r: roundId }, 'partyAdmin');
    const codes = dataOf(issued.answer).issuePartyBallotCodes.codes;
    expect(issued.entry).toMatchObject({ operation: 'issuePartyBallotCodes', outcome: 'ok', inputDigest: inputDigest({ roundId }) });

    // Casting a ballot is the voter's secret act: no entry at all, not even without a subject.
    const before = await rowCount('party');
    for (const code of codes) {
      dataOf(await graphql(stack.gatewayUrl, `mutation($c: String!, $m: [BallotMarkInput!]!) { castPartyBallot(code: $c, marks: $m) { receipt } }`,
        { c: code, m: [{ nomineeId, mark: 'HIGH' }] }));
    }
    // A refused cast (the code already used) leaves none either.
    expect(errorCodes(await graphql(stack.gatewayUrl, `mutation($c: String!, $m: [BallotMarkInput!]!) { castPartyBallot(code: $c, marks: $m) { receipt } }`,
      { c: codes[0], m: [{ nomineeId, mark: 'LOW' }] }))).toEqual(['TOKEN_USED']);
    expect(await rowCount('party')).toBe(before);
    const everything = JSON.stringify(await stack.databases.party.query(`SELECT * FROM audit_log`));
    for (const code of codes) expect(everything).not.toContain(code);
    expect(everything).not.toContain('castPartyBallot');
  });

  it('records a refused mutation with the code the caller received, and an anonymous one without a subject', async () => {
    const plan = { title: 'Vòng của HĐND', body: 'HĐND thành phố', year: 2023, summoned: 10 };
    const wrongAgency = await auditedCall('council', `mutation($p: RoundPlanInput!) { createCouncilRound(input: $p) { id } }`, { p: plan }, 'partyAdmin');
    expect(errorCodes(wrongAgency.answer)).toEqual(['FORBIDDEN']);
    expect(wrongAgency.entry).toMatchObject({ subject: 'party-admin', roles: ['party:admin'], operation: 'createCouncilRound', outcome: 'FORBIDDEN', inputDigest: inputDigest({ input: plan }) });

    const anonymous = await auditedCall('council', `mutation($p: RoundPlanInput!) { createCouncilRound(input: $p) { id } }`, { p: plan });
    expect(anonymous.entry).toMatchObject({ subject: null, roles: [], outcome: 'UNAUTHENTICATED' });

    const domain = await auditedCall('committee', `mutation { publishCommitteeRound(roundId: "00000000-0000-0000-0000-000000000000") { id } }`, {}, 'committeeAdmin');
    expect(errorCodes(domain.answer)).toEqual(['NOT_FOUND']);
    expect(domain.entry).toMatchObject({ subject: 'committee-admin', operation: 'publishCommitteeRound', outcome: 'NOT_FOUND' });

    const unknownEntry = await auditedCall('board', `mutation { withdrawPlannedPoll(id: "nope", reason: "x") { id } }`, {}, 'boardAnalyst');
    expect(unknownEntry.entry).toMatchObject({ operation: 'withdrawPlannedPoll', outcome: 'NOT_FOUND' });
  });

  it('runs no mutation it cannot record first', async () => {
    const board = stack.databases.board;
    const official = { code: 'AU-9', fullName: 'Người thử AU-9', managedBy: 'AGENCY', posts: [{ line: 'PARTY', title: 'Ủy viên', body: 'Ban Thường vụ Thành ủy' }] };
    await board.query(`ALTER TABLE audit_log RENAME TO audit_log_unreachable`);
    let answer: GraphQLResponse;
    try {
      answer = await graphql(stack.gatewayUrl, `mutation($input: OfficialInput!) { registerOfficial(input: $input) { code } }`, { input: official }, token.boardAnalyst);
    } finally {
      await board.query(`ALTER TABLE audit_log_unreachable RENAME TO audit_log`);
    }
    expect(errorCodes(answer)).toEqual(['AUDIT_UNAVAILABLE']);
    expect(answer.errors?.[0]?.message).toMatch(/^Nothing was changed: .* cannot write its audit log/);
    expect(await board.query(`SELECT code FROM official WHERE code = 'AU-9'`)).toEqual([]);
  });

  it('pages and filters by time, oldest first', async () => {
    const all = await log('party');
    expect(all.items.map((e) => Number(e.seq))).toEqual([...all.items.map((e) => Number(e.seq))].sort((x, y) => x - y));
    const last = all.items.at(-1) as Entry;
    const fromLast = await log('party', `(from: "${last.at}")`);
    expect(fromLast.items.map((e) => e.seq)).toContain(last.seq);
    expect((await log('party', `(to: "${all.items[0]?.at}")`)).total).toBe(0);
    const page = await log('party', '(limit: 2, offset: 1)');
    expect(page.items.map((e) => e.seq)).toEqual(all.items.slice(1, 3).map((e) => e.seq));
  });

  it('is read by auditors only', async () => {
    for (const role of ['partyAdmin', 'partyCounter1', 'boardAnalyst', 'dashboardReader', 'councilAdmin']) {
      for (const field of ['partyAuditLog', 'councilAuditLog', 'committeeAuditLog', 'boardAuditLog']) {
        const answer = await graphql(stack.gatewayUrl, `{ ${field} { total } }`, {}, token[role]);
        expect(errorCodes(answer), `${role} ${field}`).toEqual(['FORBIDDEN']);
      }
    }
    expect(errorCodes(await graphql(stack.gatewayUrl, `{ boardAuditLog { total } }`))).toEqual(['UNAUTHENTICATED']);
  });

  it('cannot be changed or emptied, even by the service’s own database login', async () => {
    for (const subgraph of ['party', 'council', 'committee', 'board'] as const) {
      const db = stack.databases[subgraph];
      expect(await rowCount(subgraph), subgraph).toBeGreaterThan(0);
      const before = await db.query(`SELECT * FROM audit_log ORDER BY seq`);
      for (const statement of [
        `UPDATE audit_log SET outcome = 'ok'`,
        `UPDATE audit_log SET subject = 'someone-else' WHERE seq = (SELECT min(seq) FROM audit_log)`,
        `DELETE FROM audit_log`,
        `DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)`,
        `TRUNCATE audit_log`,
      ]) {
        await expect(db.query(statement), `${subgraph}: ${statement}`).rejects.toMatchObject({ driverError: { code: '42501' } });
      }
      expect(await db.query(`SELECT * FROM audit_log ORDER BY seq`)).toEqual(before);
    }
  });
});
