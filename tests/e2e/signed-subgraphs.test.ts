import { readSupergraph, startGateway } from '@tinnhiem/gateway';
import { signatureHeaders, type RunningServer } from '@tinnhiem/platform';
import { DEVELOPMENT_VIEWERS, startStack, type RunningStack, type SubgraphName } from '@tinnhiem/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../support/graphql';
import { postRaw, postSigned } from '../support/subgraph';

const SECRETS: Record<SubgraphName, string> = {
  party: 'party-subgraph-secret-for-tests-0123456789',
  council: 'council-subgraph-secret-for-tests-0123456789',
  committee: 'committee-subgraph-secret-for-tests-0123456789',
  board: 'board-subgraph-secret-for-tests-0123456789',
};
const SUBGRAPHS = Object.keys(SECRETS) as SubgraphName[];
const TYPENAME = JSON.stringify({ query: '{ __typename }' });
/** What the gateway sends an agency for the Board view: forged, it would read any official's results. */
const ENTITIES = {
  query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Official { partyResults { band } } } }',
  variables: { r: [{ __typename: 'Official', code: 'ANY-OFFICIAL' }] },
};
/** The board's assessment takes every line's results as @requires inputs: forged, it would assess made-up figures. */
const FORGED_ASSESSMENT = {
  query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Official { assessment { missingLines } } } }',
  variables: { r: [{ __typename: 'Official', code: 'ANY-OFFICIAL', partyResults: [], councilResults: [], committeeResults: [] }] },
};

let stack: RunningStack;
const token: Record<string, string> = {};
const auth = () => ({ authorization: `Bearer ${token.boardAnalyst}` });

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('sig_party'),
      council: await createTestDatabase('sig_council'),
      committee: await createTestDatabase('sig_committee'),
      board: await createTestDatabase('sig_board'),
    },
    subgraphSecrets: SECRETS,
  });
  for (const [role, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) token[role] = await tokenFor(viewer);
});

afterAll(async () => {
  await stack?.stop();
});

describe('a subgraph called directly', () => {
  it('refuses an unsigned request with HTTP 401 and UNSIGNED_REQUEST, even with a valid token, in every subgraph', async () => {
    for (const name of SUBGRAPHS) {
      const answer = await postRaw(stack.urls[name], TYPENAME, auth());
      expect(answer, name).toEqual({
        status: 401,
        body: { errors: [{ message: expect.stringContaining('signed by the gateway'), extensions: { code: 'UNSIGNED_REQUEST' } }] },
      });
    }
  });

  it('refuses forged _entities and _service requests unsigned', async () => {
    const forged = [
      [stack.urls.party, JSON.stringify(ENTITIES)],
      [stack.urls.board, JSON.stringify(FORGED_ASSESSMENT)],
      [stack.urls.council, JSON.stringify({ query: '{ _service { sdl } }' })],
    ] as const;
    for (const [url, body] of forged) {
      const answer = await postRaw(url, body, auth());
      expect(answer.status).toBe(401);
      expect(errorCodes(answer.body)).toEqual(['UNSIGNED_REQUEST']);
    }
  });

  it('refuses a request signed with a wrong secret, or with another subgraph’s, with BAD_SIGNATURE', async () => {
    const wrong = await postSigned(stack.urls.party, 'not-the-party-secret-but-long-enough-0123456789', ENTITIES, auth());
    expect(wrong.status).toBe(401);
    expect(errorCodes(wrong.body)).toEqual(['BAD_SIGNATURE']);
    // One secret per subgraph: the council's secret opens nothing at the party.
    const another = await postSigned(stack.urls.party, SECRETS.council, ENTITIES, auth());
    expect(errorCodes(another.body)).toEqual(['BAD_SIGNATURE']);
  });

  it('refuses a signed request whose body was changed on the way', async () => {
    const signed = JSON.stringify(ENTITIES);
    const changed = signed.replace('ANY-OFFICIAL', 'ANY-OFFICIAX');
    const answer = await postRaw(stack.urls.party, changed, { ...auth(), ...signatureHeaders(SECRETS.party, signed) });
    expect(answer.status).toBe(401);
    expect(errorCodes(answer.body)).toEqual(['BAD_SIGNATURE']);
  });

  it('reads a signed request far larger than a client may send the gateway: the representations of a large page', async () => {
    const representations = Array.from({ length: 30_000 }, (_, i) => ({ __typename: 'Official', code: `REP-${String(i).padStart(6, '0')}` }));
    const operation = { query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r: representations } };
    expect(JSON.stringify(operation).length).toBeGreaterThan(1_000_000);
    const answer = await postSigned(stack.urls.board, SECRETS.board, operation, auth());
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  it('refuses an unsigned request on its headers, without reading a body larger than any it would take', async () => {
    const huge = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(20_000_000) } });
    const answer = await postRaw(stack.urls.board, huge, auth());
    expect(answer.status).toBe(401);
    expect(errorCodes(answer.body)).toEqual(['UNSIGNED_REQUEST']);
    // The subgraph still answers the gateway.
    dataOf(await graphql(stack.gatewayUrl, '{ __typename }', {}, token.boardAnalyst));
  });

  it('answers a signed request once, and refuses the same request sent again (a replay) with REPLAYED_REQUEST', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const headers = { ...auth(), ...signatureHeaders(SECRETS.party, body) };
    const first = await postRaw(stack.urls.party, body, headers);
    expect(first.status).toBe(200);
    const again = await postRaw(stack.urls.party, body, headers);
    expect(again.status).toBe(401);
    expect(errorCodes(again.body)).toEqual(['REPLAYED_REQUEST']);
  });

  it('refuses a genuine signature two minutes old (a replay) with STALE_REQUEST', async () => {
    const answer = await postSigned(stack.urls.party, SECRETS.party, ENTITIES, auth(), Date.now() - 120_000);
    expect(answer.status).toBe(401);
    expect(errorCodes(answer.body)).toEqual(['STALE_REQUEST']);
  });

  it('refuses GET requests, whose operation sits outside the signed body, signed headers or not', async () => {
    const url = `${stack.urls.party}?query=${encodeURIComponent('{ __typename }')}`;
    for (const headers of [{}, signatureHeaders(SECRETS.party, '')]) {
      const response = await fetch(url, { headers: { ...headers, 'apollo-require-preflight': 'true' } });
      expect(response.status).toBe(401);
      expect(errorCodes((await response.json()) as GraphQLResponse)).toEqual(['UNSIGNED_REQUEST']);
    }
  });

  it('answers a request signed with its own secret, as it answers the gateway', async () => {
    const answer = await postSigned(stack.urls.party, SECRETS.party, ENTITIES, auth());
    expect(answer).toEqual({ status: 200, body: { data: { _entities: [{ partyResults: [] }] } } });
  });

  it('answers the health check without a signature or a token', async () => {
    const health = await fetch(stack.urls.board.replace(/\/graphql$/, '/health'));
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
  });
});

describe('through the gateway', () => {
  it('signs every subgraph request, and the board signs its reads of the agencies', async () => {
    const { boardStatistics } = dataOf(await graphql<{ boardStatistics: { missingLines: unknown[] } }>(
      stack.gatewayUrl, `{ boardStatistics(year: 2023) { missingLines { line } } }`, {}, token.boardAnalyst));
    // The board read all three lines' indexes: none refused its signature.
    expect(boardStatistics.missingLines).toEqual([]);
    expect(dataOf(await graphql(stack.gatewayUrl, `{ partyRounds { total } }`, {}, token.partyAdmin))).toEqual({ partyRounds: { total: 0 } });
  });

  it('names the line, not the caller’s token, when a subgraph refuses the gateway’s signature (secrets that differ)', async () => {
    let misconfigured: RunningServer | undefined;
    try {
      misconfigured = await startGateway({
        supergraphSdl: readSupergraph(),
        subgraphUrls: stack.urls,
        subgraphSecrets: { ...SECRETS, party: 'an-outdated-party-secret-that-is-long-enough-0123' },
        port: 0,
        auth: TEST_AUTH,
      });
      const party = await graphql(misconfigured.url, `{ partyRounds { total } }`, {}, token.partyAdmin);
      expect(errorCodes(party)).toEqual(['LINE_UNAVAILABLE']);
      expect(party.errors?.[0]?.message).toMatch(/^Party line \(Đảng bộ\) is unavailable: .*refused the gateway's signature, BAD_SIGNATURE/);
      // The other lines are signed with their own, right, secrets.
      expect(dataOf(await graphql(misconfigured.url, `{ councilRounds { total } }`, {}, token.councilAdmin))).toEqual({ councilRounds: { total: 0 } });
    } finally {
      await misconfigured?.stop();
    }
  });
});
