import { committeeAgency } from '@tinnhiem/committee-subgraph';
import { councilAgency } from '@tinnhiem/council-subgraph';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { DEVELOPMENT_VIEWERS, startStack, type RunningStack, type SubgraphName } from '@tinnhiem/stack';
import { benchCode, BOARD_VIEW, linesOf, loadBoardView } from '@tinnhiem/stack/dist/bench/board-view';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, graphql, TEST_AUTH, tokenFor } from '../support/graphql';

type Results = { band: string; year: number }[] | null;
interface BoardItem {
  code: string;
  posts: { line: string }[];
  partyResults: Results;
  councilResults: Results;
  committeeResults: Results;
  assessment: { years: { worstBand: string; placesExceeded: boolean }[]; missingLines: string[] };
}

const SUBGRAPHS: readonly SubgraphName[] = ['board', 'party', 'council', 'committee'];
/** A handful per subgraph: the page and its total, posts, the official loader; the results and their minutes. */
const SMALL = 6;

let stack: RunningStack;
let token: string;
const counts: Record<SubgraphName, number> = { board: 0, party: 0, council: 0, committee: 0 };
let counting = false;

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('qc_party'),
      council: await createTestDatabase('qc_council'),
      committee: await createTestDatabase('qc_committee'),
      board: await createTestDatabase('qc_board'),
    },
    onQuery: (subgraph) => {
      if (counting) counts[subgraph] += 1;
    },
  });
  await loadBoardView(stack.databases, { party: partyAgency, council: councilAgency, committee: committeeAgency }, 1000);
  token = await tokenFor(DEVELOPMENT_VIEWERS.boardAnalyst);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** The Board view of `limit` officials through the gateway, and the SQL statements each subgraph ran for it. */
async function boardView(limit: number): Promise<{ items: BoardItem[]; sql: Record<SubgraphName, number> }> {
  for (const name of SUBGRAPHS) counts[name] = 0;
  counting = true;
  try {
    const { officials } = dataOf(await graphql<{ officials: { items: BoardItem[] } }>(stack.gatewayUrl, BOARD_VIEW, { limit }, token));
    return { items: officials.items, sql: { ...counts } };
  } finally {
    counting = false;
  }
}

describe('the Board view of 1,000 officials', () => {
  it('costs each subgraph the same small number of SQL statements for 100 officials as for 1,000', async () => {
    const hundred = await boardView(100);
    const thousand = await boardView(1000);
    expect(hundred.items).toHaveLength(100);
    expect(thousand.items).toHaveLength(1000);

    for (const name of SUBGRAPHS) {
      expect(thousand.sql[name], `${name}: ${JSON.stringify(thousand.sql)}`).toBeGreaterThan(0);
      expect(thousand.sql[name], `${name}: ${JSON.stringify(thousand.sql)}`).toBeLessThanOrEqual(SMALL);
    }
    expect(thousand.sql).toEqual(hundred.sql);
  });

  it('is complete: every line’s results and the assessment for each of the 1,000', async () => {
    const { items } = await boardView(1000);
    items.forEach((official, i) => {
      // Codes sort as loaded (BV-0001 …), so item i is official i.
      expect(official.code).toBe(benchCode(i));
      const lines = linesOf(i);
      expect(official.posts).toHaveLength(lines.length);
      for (const line of ['party', 'council', 'committee'] as const) {
        expect(official[`${line}Results`], `${official.code} ${line}`).toHaveLength(lines.includes(line) ? 1 : 0);
      }
      expect(official.assessment.missingLines).toEqual([]);
      expect(official.assessment.years).toEqual([expect.objectContaining({ placesExceeded: lines.length > 2 })]);
    });
    const bands = new Set(items.flatMap((o) => o.assessment.years.map((y) => y.worstBand)));
    expect([...bands].sort()).toEqual(['NOT_OVER_HALF', 'OVER_HALF', 'TWO_THIRDS_OR_MORE']);
  });
});
