import { randomBytes } from 'node:crypto';
import { DEFAULT_BALLOT_RATE_LIMIT, readSupergraph, startGateway } from '@tinnhiem/gateway';
import type { RunningServer } from '@tinnhiem/platform';
import { DEVELOPMENT_VIEWERS, startStack, type RunningStack } from '@tinnhiem/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../support/graphql';

// Issue 5, part 4: what the gateway refuses before a subgraph sees it, with the default limits
// (every other end-to-end test runs its real queries under the same defaults). The gateway trusts
// one proxy here, so each test can speak as its own client through X-Forwarded-For.

let stack: RunningStack;
let production: RunningServer;
const token: Record<string, string> = {};
let nomineeId: string;
let codes: string[];

interface Answer {
  status: number;
  headers: Headers;
  body: GraphQLResponse;
}

async function post(body: unknown, client: string, headers: Record<string, string> = {}, url = stack.gatewayUrl): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse };
}

const CAST = `mutation($code: String!, $marks: [BallotMarkInput!]!) { castPartyBallot(code: $code, marks: $marks) { receipt } }`;
const cast = (code: string, client: string) => post({ query: CAST, variables: { code, marks: [{ nomineeId, mark: 'HIGH' }] } }, client);
/** A code of the right shape that nobody was given: what a guesser sends. */
const guess = () => randomBytes(13).toString('hex').toUpperCase();

function codeOf(answer: Answer): unknown {
  return answer.body.errors?.[0]?.extensions?.code;
}

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('gl_party'),
      council: await createTestDatabase('gl_council'),
      committee: await createTestDatabase('gl_committee'),
      board: await createTestDatabase('gl_board'),
    },
    gatewayLimits: { trustedProxies: 1 },
  });
  // Production mode is about validation at the gateway; this one never needs a subgraph.
  production = await startGateway({ supergraphSdl: readSupergraph(), subgraphUrls: stack.urls, port: 0, auth: TEST_AUTH, production: true });
  for (const [role, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) token[role] = await tokenFor(viewer);

  const gw = stack.gatewayUrl;
  const { createPartyRound: round } = dataOf(await graphql<{ createPartyRound: { id: string } }>(gw,
    `mutation { createPartyRound(input: { mode: ELECTRONIC, title: "Giới hạn cổng", body: "Ban Chấp hành Đảng bộ thành phố", year: 2023, summoned: 60 }) { id } }`,
    {}, token.partyAdmin));
  ({ addPartyNominee: { id: nomineeId } } = dataOf(await graphql<{ addPartyNominee: { id: string } }>(gw,
    `mutation($r: ID!) { addPartyNominee(roundId: $r, input: { officialCode: "GL-1", fullName: "Lê Văn Giới", posts: ["Ủy viên Ban Thường vụ"], managedBy: STANDING_BOARD }) { id } }`,
    { r: round.id }, token.partyAdmin)));
  dataOf(await graphql(gw, `mutation($r: ID!) { openPartyRound(roundId: $r, present: 60) { status } }`, { r: round.id }, token.partyAdmin));
  ({ issuePartyBallotCodes: { codes } } = dataOf(await graphql<{ issuePartyBallotCodes: { codes: string[] } }>(gw,
    `mutation($r: ID!) { issuePartyBallotCodes(roundId: $r) { codes } }`, { r: round.id }, token.partyAdmin)));
});

afterAll(async () => {
  await production?.stop();
  await stack?.stop();
});

describe('the ballot rate limit, per client', () => {
  it('lets one conference terminal take 50 ballots in a row, with ten voters mistyping their code first', async () => {
    const terminal = '198.51.100.10';
    for (const [i, code] of codes.slice(0, 50).entries()) {
      if (i % 5 === 0) expect(codeOf(await cast(`${code.slice(0, 20)}!`, terminal))).toBe('TOKEN_MALFORMED');
      const answer = await cast(code, terminal);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.status).toBe(200);
    }
  });

  it('refuses a flood of guessed codes with HTTP 429, RATE_LIMITED and when to retry, and keeps refusing that client only', async () => {
    const guesser = '198.51.100.20';
    for (let i = 0; i < DEFAULT_BALLOT_RATE_LIMIT.failures; i++) expect(codeOf(await cast(guess(), guesser))).toBe('TOKEN_INVALID');
    const refused = await cast(guess(), guesser);
    expect(refused.status).toBe(429);
    expect(refused.body.errors).toEqual([{
      message: expect.stringMatching(/^Ballot not taken: 100 ballot codes sent from your address within 10 minutes were not valid\. Try again in \d+ seconds/),
      extensions: { code: 'RATE_LIMITED', reason: 'failures', retryAfterSeconds: expect.any(Number) },
    }]);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Even a real code waits: the limit is on the client, and the refusal reaches no subgraph.
    expect(codeOf(await cast(codes[50] as string, guesser))).toBe('RATE_LIMITED');
    expect((await cast(codes[50] as string, '198.51.100.21')).body.errors).toBeUndefined();
  });

  it('caps all casts of a client, not only the failed ones, and counts each cast carried by an alias', async () => {
    // A spent code fails with TOKEN_USED, which is no guess: only the attempt limit (1,000) applies,
    // reached here by 66 requests of 15 aliased casts each (990); the 67th would make 1,005.
    const client = '198.51.100.40';
    const spent = codes[0] as string;
    const fifteen = `mutation($marks: [BallotMarkInput!]!) { ${Array.from({ length: 15 }, (_, i) => `c${i}: castPartyBallot(code: "${spent}", marks: $marks) { receipt }`).join(' ')} }`;
    const send = () => post({ query: fifteen, variables: { marks: [{ nomineeId, mark: 'LOW' }] } }, client);
    for (let i = 0; i < Math.floor(DEFAULT_BALLOT_RATE_LIMIT.attempts / 15); i++) expect(codeOf(await send())).toBe('TOKEN_USED');
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/more than 1000 ballots were cast from your address/), extensions: { reason: 'attempts' } });
  });
});

describe('query limits', () => {
  const client = '198.51.100.50';

  it('refuses a tower of nested fragments deeper than 10 with QUERY_TOO_COMPLEX', async () => {
    const tower = `{ ${'... on Query { '.repeat(10)}__typename${' }'.repeat(10)} }`;
    const answer = await post({ query: tower }, client);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{
      message: expect.stringMatching(/nests selections 11 levels deep; the gateway accepts at most 10 \(setting GATEWAY_MAX_DEPTH\)/),
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 10, found: 11 },
    }]);
  });

  it('refuses 16 aliases, and answers 15', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `o${i}: official(code: "GL-${i}") { code }`).join(' ')} }`;
    const refused = await post({ query: aliased(16) }, client, { authorization: `Bearer ${token.boardAnalyst}` });
    expect([refused.status, refused.body.errors?.[0]?.extensions]).toEqual([400, { code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 15, found: 16 }]);
    const answered = await post({ query: aliased(15) }, client, { authorization: `Bearer ${token.boardAnalyst}` });
    expect(answered.body.errors?.map((e) => e.extensions?.code)).toEqual(Array(15).fill('NOT_FOUND'));
  });

  it('refuses more than 1000 tokens, more than 20 directives and a cost over 2000', async () => {
    const tokens = await post({ query: `{ ${'__typename '.repeat(1001)}}` }, client);
    expect([tokens.status, tokens.body.errors?.[0]?.extensions]).toEqual([400, { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 1000 }]);
    const directives = await post({ query: `{ ${'__typename @include(if: true) '.repeat(21)}}` }, client);
    expect(directives.body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'directives', max: 20, found: 21 });
    const fields = 'code fullName managedBy retirementAnnouncedOn electedOrAppointedOn posts { line title body }';
    // Each spread of a fragment costs it again: 16 spreads of this one cost about 2,400.
    const costly = await post({ query: `{ officials { items { ${'...A '.repeat(16)}} } } fragment A on Official { ${fields} partyResults { roundTitle year band percentages { high confident low } } }` }, client);
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 2000 });
  });
});

describe('the request itself', () => {
  it('refuses a body over 1 MB with HTTP 413 and PAYLOAD_TOO_LARGE, and the next request is answered', async () => {
    const refused = await post({ query: '{ __typename }', variables: { padding: 'x'.repeat(1_000_001) } }, '198.51.100.60');
    expect(refused.status).toBe(413);
    expect(refused.body.errors).toEqual([{ message: expect.stringMatching(/larger than the 1000000 bytes this server accepts/), extensions: { code: 'PAYLOAD_TOO_LARGE' } }]);
    expect((await post({ query: '{ __typename }' }, '198.51.100.60')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a form POST and a GET without a preflight header (CSRF prevention), and runs nothing', async () => {
    const mutation = 'mutation { registerOfficial(input: { code: "CSRF-1", fullName: "Giả Mạo", managedBy: AGENCY, posts: [] }) { code } }';
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const form = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: `Bearer ${token.boardAnalyst}` },
        body: `query=${encodeURIComponent(mutation)}`,
      });
      expect(form.status).toBe(400);
      expect(await form.json()).toEqual({ errors: [{ message: expect.stringContaining('Cross-Site Request Forgery'), extensions: { code: 'BAD_REQUEST' } }] });
    }
    const get = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`);
    expect([get.status, ((await get.json()) as GraphQLResponse).errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_REQUEST']);
    const preflighted = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
    const rows = (await stack.databases.board.query(`SELECT count(*)::int AS n FROM official WHERE code = 'CSRF-1'`)) as { n: number }[];
    expect(rows).toEqual([{ n: 0 }]);
  });
});

describe('production mode', () => {
  const INTROSPECTION = '{ __schema { queryType { name } } }';
  const MISSPELT = '{ officals { total } }';
  const WRONG_ENUM = '{ officials(managedBy: STANDING_BORD) { total } }';

  it('refuses introspection, which development mode allows', async () => {
    const refused = await post({ query: INTROSPECTION }, '198.51.100.70', {}, production.url);
    expect([refused.status, codeOf(refused)]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection is not allowed/);
    expect(codeOf(await post({ query: '{ __type(name: "Official") { name } }' }, '198.51.100.70', {}, production.url))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await post({ query: INTROSPECTION }, '198.51.100.70')).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('names no field or enum value that was not asked for, where development mode suggests them', async () => {
    for (const query of [MISSPELT, WRONG_ENUM]) {
      const development = await post({ query }, '198.51.100.70');
      expect(development.body.errors?.[0]?.message).toMatch(/Did you mean/);
      const hidden = await post({ query }, '198.51.100.70', {}, production.url);
      expect(codeOf(hidden)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(hidden.body.errors?.[0]?.message).not.toMatch(/Did you mean|officials|STANDING_BOARD/);
    }
  });

  it('still answers the health check’s { __typename }', async () => {
    expect((await post({ query: '{ __typename }' }, '198.51.100.70', {}, production.url)).body).toEqual({ data: { __typename: 'Query' } });
  });
});
