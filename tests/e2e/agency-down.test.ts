import { createServer, type Socket } from 'node:net';
import { committeeAgency } from '@tinnhiem/committee-subgraph';
import { councilAgency } from '@tinnhiem/council-subgraph';
import { readSupergraph, startGateway } from '@tinnhiem/gateway';
import { LineAwareDataSource } from '@tinnhiem/gateway/dist/line-errors';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { DEVELOPMENT_VIEWERS, seedDemo, startStack, type RunningStack } from '@tinnhiem/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../support/graphql';

type Results = { band: string }[] | null;
interface BoardItem {
  code: string;
  fullName: string;
  partyResults: Results;
  councilResults: Results;
  committeeResults: Results;
  assessment: { missingLines: string[]; years: { worstBand: string }[] };
}
type BoardView = { officials: { items: BoardItem[] } };

const BOARD_VIEW = `{ officials(limit: 100) { items {
  code fullName partyResults { band } councilResults { band } committeeResults { band }
  assessment { missingLines years { worstBand } }
} } }`;

function lineErrors(response: GraphQLResponse<unknown>) {
  return (response.errors ?? [])
    .filter((e) => e.extensions?.code === 'LINE_UNAVAILABLE')
    .sort((a, b) => String(a.extensions?.line).localeCompare(String(b.extensions?.line)));
}

describe('one agency down', () => {
  let stack: RunningStack;
  let token: string;
  let before: BoardItem[];

  beforeAll(async () => {
    stack = await startStack({
      auth: TEST_AUTH,
      ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
      databaseUrls: {
        party: await createTestDatabase('down_party'),
        council: await createTestDatabase('down_council'),
        committee: await createTestDatabase('down_committee'),
        board: await createTestDatabase('down_board'),
      },
    });
    await seedDemo(stack.databases, { party: partyAgency, council: councilAgency, committee: committeeAgency }, () => undefined);
    token = await tokenFor(DEVELOPMENT_VIEWERS.boardAnalyst);
    before = dataOf(await graphql<BoardView>(stack.gatewayUrl, BOARD_VIEW, {}, token)).officials.items;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('still returns the other lines’ data, with an error that names the Party line, when the party subgraph is stopped', async () => {
    // The demo must have Party results to lose, or the test proves nothing.
    expect(before.some((o) => (o.partyResults ?? []).length > 0)).toBe(true);
    await stack.services.party.stop();

    const response = await graphql<BoardView>(stack.gatewayUrl, BOARD_VIEW, {}, token);
    const items = response.data?.officials.items ?? [];
    expect(items.map((o) => [o.code, o.fullName])).toEqual(before.map((o) => [o.code, o.fullName]));
    expect(items.map((o) => [o.councilResults, o.committeeResults])).toEqual(before.map((o) => [o.councilResults, o.committeeResults]));
    expect(items.every((o) => o.partyResults === null)).toBe(true);
    expect(items.every((o) => o.assessment.missingLines.join() === 'party')).toBe(true);

    // One error for the line, not one per official, and it says which line in words.
    expect(response.errors).toHaveLength(1);
    const [error] = lineErrors(response);
    expect(error?.extensions).toMatchObject({ code: 'LINE_UNAVAILABLE', line: 'party', lineName: 'Party line (Đảng bộ)' });
    expect(error?.message).toMatch(/^Party line \(Đảng bộ\) is unavailable/);
    expect(error?.message).toContain('partyResults is null');
    // The gateway's own words named an internal URL; the analyst needs the line, not the address.
    expect(error?.message).not.toMatch(/127\.0\.0\.1|http:/);
  });

  it('names the line on a query of the stopped agency’s own root fields too', async () => {
    const response = await graphql(stack.gatewayUrl, `{ partyRounds { total } }`, {}, token);
    expect(response.data).toBeNull();
    expect(errorCodes(response)).toEqual(['LINE_UNAVAILABLE']);
    expect(response.errors?.[0]?.extensions?.line).toBe('party');
    expect(response.errors?.[0]?.message).toContain('Party line (Đảng bộ)');
  });

  it('names each missing line once when a second agency answers but fails (its database gone)', async () => {
    await stack.databases.council.destroy();

    const response = await graphql<BoardView>(stack.gatewayUrl, BOARD_VIEW, {}, token);
    const items = response.data?.officials.items ?? [];
    expect(items).toHaveLength(before.length);
    expect(items.map((o) => o.committeeResults)).toEqual(before.map((o) => o.committeeResults));
    expect(items.every((o) => o.partyResults === null && o.councilResults === null)).toBe(true);
    expect(items.every((o) => o.assessment.missingLines.join() === 'party,council')).toBe(true);

    expect(response.errors).toHaveLength(2);
    const [council, party] = lineErrors(response);
    expect(council?.extensions).toMatchObject({ code: 'LINE_UNAVAILABLE', line: 'council', lineName: "People's Council line (HĐND)" });
    expect(council?.message).toMatch(/^People's Council line \(HĐND\) is unavailable: the council subgraph answered with an error/);
    expect(party?.extensions).toMatchObject({ line: 'party' });
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the gateway with every subgraph down', () => {
  it('starts, and answers with errors that name what is missing instead of crashing', async () => {
    const subgraphUrls = Object.fromEntries(
      await Promise.all(['party', 'council', 'committee', 'board'].map(async (name) => [name, `http://127.0.0.1:${await closedPort()}/graphql`])),
    ) as Record<string, string>;
    const gateway = await startGateway({ supergraphSdl: readSupergraph(), subgraphUrls, port: 0, auth: TEST_AUTH });
    try {
      const token = await tokenFor(DEVELOPMENT_VIEWERS.boardAnalyst);
      const board = await graphql(gateway.url, BOARD_VIEW, {}, token);
      expect(board.data).toBeNull();
      expect(board.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/^The Organisation Board registry is unavailable: the board subgraph could not be reached/),
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'board' },
        }),
      ]);

      const committee = await graphql(gateway.url, `{ committeeAgency { name } }`, {}, token);
      expect(lineErrors(committee).map((e) => e.extensions?.line)).toEqual(['committee']);

      // Still serving after the failures: a request that needs no subgraph is answered.
      expect(dataOf(await graphql<{ __typename: string }>(gateway.url, `{ __typename }`, {}, token))).toEqual({ __typename: 'Query' });
    } finally {
      await gateway.stop();
    }
  });
});

describe('an agency that accepts the connection and never answers', () => {
  it('counts as down after the timeout: its entities get null results and the marker the plugin names', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const source = new LineAwareDataSource('council', { url: `http://127.0.0.1:${port}/graphql` }, 300);
      const started = Date.now();
      const answer = await source.process({
        // GraphQLDataSourceRequestKind.INCOMING_OPERATION: @apollo/gateway does not export the enum's value.
        kind: 'incoming operation' as never,
        request: {
          query: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Official { councilResults { band } } } }`,
          variables: { representations: [{ __typename: 'Official', code: 'A' }, { __typename: 'Official', code: 'B' }] },
        },
        context: { authorization: undefined, viewer: null },
        incomingRequestContext: {} as never,
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(answer.data).toEqual({ _entities: [{ __typename: 'Official', councilResults: null }, { __typename: 'Official', councilResults: null }] });
      expect(answer.errors).toEqual([
        expect.objectContaining({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'council', cause: 'no answer within 0.3 s', nulled: ['councilResults'] } }),
      ]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
