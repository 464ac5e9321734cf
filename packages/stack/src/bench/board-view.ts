import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { registerOfficial } from '@tinnhiem/board-subgraph';
import { committeeAgency } from '@tinnhiem/committee-subgraph';
import { councilAgency } from '@tinnhiem/council-subgraph';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { authFromEnvironment, authSettings, calledSubgraphSecretsFromEnvironment, DEVELOPMENT_JWT_SECRET, issueToken, signatureHeaders } from '@tinnhiem/platform';
import {
  addNominee,
  closeRound,
  confirmTally,
  createRound,
  enterTally,
  openRound,
  publishRound,
  startCounting,
  type AgencyConfig,
  type Nominee,
} from '@tinnhiem/voting';
import type { DataSource } from 'typeorm';
import type { SubgraphName } from '../compose';
import { DEPARTMENTS, fictionalName } from '../demo/people';
import { demoCounts, type DemoAgencies, type DemoDatabases } from '../demo/seed';
import { startStack } from '../stack';
import { DEVELOPMENT_VIEWERS } from '../tokens';

/**
 * `npm run bench:board`: the Board view of 1,000 officials through the gateway,
 * next to the direct subgraph calls its query plan is made of, and the SQL
 * statements each subgraph runs for it. The load functions are exported for
 * the test that bounds those statements (tests/e2e/query-count.test.ts).
 */

export type LineKey = 'party' | 'council' | 'committee';
export const LINE_KEYS: readonly LineKey[] = ['party', 'council', 'committee'];

const RESULT = 'roundTitle year band percentages { low } consequences { code }';

/** What a Board analyst's screen asks for: registry, posts, every line's results and the assessment. */
export const BOARD_VIEW = `query BoardView($limit: Int!) { officials(limit: $limit) { items {
  code fullName posts { line title }
  partyResults { ${RESULT} } councilResults { ${RESULT} } committeeResults { ${RESULT} }
  assessment { years { worstBand placesExceeded } missingLines }
} } }`;

const BENCH_YEAR = 2023;

/** Which lines poll official i: half in the Party line, two thirds in each state line, a sixth in all three. */
export function linesOf(i: number): LineKey[] {
  return LINE_KEYS.filter((line) => (line === 'party' ? i % 2 === 0 : line === 'council' ? i % 3 !== 1 : i % 3 !== 2));
}

export function benchCode(i: number): string {
  return `BV-${String(i + 1).padStart(4, '0')}`;
}

const LINE_POSTS: Record<LineKey, { line: 'PARTY' | 'COUNCIL' | 'COMMITTEE'; title: (i: number) => string; body: string }> = {
  party: { line: 'PARTY', title: () => 'Ủy viên Ban Chấp hành Đảng bộ thành phố', body: 'Ban Chấp hành Đảng bộ thành phố' },
  council: { line: 'COUNCIL', title: (i) => `Đại biểu HĐND thành phố, đơn vị bầu cử số ${(i % 40) + 1}`, body: 'Hội đồng nhân dân thành phố' },
  committee: { line: 'COMMITTEE', title: (i) => `Phó Giám đốc ${DEPARTMENTS[i % DEPARTMENTS.length]}`, body: 'Ủy ban nhân dân thành phố' },
};

export interface LoadedBoardView {
  officials: number;
  nominees: Record<LineKey, number>;
}

/**
 * Registers `count` officials in the board and polls them in one published
 * round per line (hundreds of nominees each). Straight to the databases
 * through the engine's own life-cycle functions: the GraphQL path would spend
 * minutes on a thousand mutations that the measurement is not about.
 */
export async function loadBoardView(db: DemoDatabases, agencies: DemoAgencies, count = 1000): Promise<LoadedBoardView> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  // Through the registry's own function, so whatever it derives (search names) is there too; a few at a time.
  let next = 0;
  const register = async () => {
    for (let i = next++; i < count; i = next++) {
      await registerOfficial(db.board, {
        code: benchCode(i),
        fullName: fictionalName(i),
        managedBy: i % 4 === 0 ? 'STANDING_BOARD' : 'AGENCY',
        posts: linesOf(i).map((line) => ({ line: LINE_POSTS[line].line, title: LINE_POSTS[line].title(i), body: LINE_POSTS[line].body })),
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, register));
  // Separate databases: the three lines load side by side.
  const nominees = await Promise.all(
    LINE_KEYS.map((line) => pollLine(db[line], agencies[line], line, indexes.filter((i) => linesOf(i).includes(line)))),
  );
  return { officials: count, nominees: { party: nominees[0] ?? 0, council: nominees[1] ?? 0, committee: nominees[2] ?? 0 } };
}

async function pollLine(db: DataSource, agency: AgencyConfig, line: LineKey, polled: number[]): Promise<number> {
  const viewer = (who: 'Admin' | 'Counter1' | 'Counter2') => DEVELOPMENT_VIEWERS[`${line}${who}`];
  const round = await createRound(db, agency, viewer('Admin'), {
    title: `Lấy phiếu tín nhiệm năm ${BENCH_YEAR} (dữ liệu đo tải)`,
    body: LINE_POSTS[line].body,
    year: BENCH_YEAR,
    summoned: 150,
  });
  const nominees: { nominee: Nominee; i: number }[] = [];
  for (const i of polled) {
    const nominee = await addNominee(db, round.id, {
      officialCode: benchCode(i),
      fullName: fictionalName(i),
      posts: [LINE_POSTS[line].title(i)],
      managedBy: i % 4 === 0 ? 'STANDING_BOARD' : 'AGENCY',
    });
    nominees.push({ nominee, i });
  }
  await openRound(db, agency, round.id, 140);
  await startCounting(db, round.id);
  const figures = {
    ballotsIssued: 140,
    ballotsCollected: 140,
    validBallots: 138,
    lines: nominees.map(({ nominee, i }) => ({
      nomineeId: nominee.id,
      // Mostly high confidence, with some results in each low-confidence band, as a real list has.
      ...demoCounts(i % 37 === 0 ? 'TWO_THIRDS' : i % 23 === 0 ? 'OVER_HALF' : 'HIGH', 140, 138, i),
    })),
  };
  const { entry } = await enterTally(db, viewer('Counter1'), round.id, figures);
  await confirmTally(db, viewer('Counter2'), entry.id, figures);
  await closeRound(db, round.id);
  await publishRound(db, round.id, new Date(`${BENCH_YEAR}-12-15T09:00:00+07:00`));
  return nominees.length;
}

// The subgraph operations below are the ones Apollo Gateway's query plan sends
// for BOARD_VIEW (printed with @apollo/query-planner against the committed
// supergraph), so the direct calls cost what the gateway's fetches cost.

const REQUIRED_RESULT = 'agency roundId roundTitle body year offCycle rulebook nomineeId band consequences { code description source } publishedAt';

export const DIRECT_BOARD_OFFICIALS = `query($limit: Int!) { officials(limit: $limit) { items { __typename code fullName posts { line title } } } }`;

export function directLineEntities(line: LineKey): string {
  return `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Official { ${line}Results { ${REQUIRED_RESULT} percentages { low } } } } }`;
}

export const DIRECT_BOARD_ASSESSMENT = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Official {
  assessment { years { worstBand placesExceeded } missingLines }
} } }`;

export interface GraphQLAnswer<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string }[];
}

export interface Posted<T = Record<string, unknown>> {
  body: GraphQLAnswer<T>;
  sent: number;
  bytes: number;
}

/**
 * One GraphQL request; the time includes reading and parsing the whole answer,
 * as a client must. A subgraph called directly needs its secret, to sign as the gateway does.
 */
export async function post<T = Record<string, unknown>>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  secret?: string,
): Promise<Posted<T>> {
  const request = JSON.stringify({ query, variables });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(secret ? signatureHeaders(secret, request) : {}) },
    body: request,
  });
  const text = await response.text();
  return { body: JSON.parse(text) as GraphQLAnswer<T>, sent: Buffer.byteLength(request), bytes: Buffer.byteLength(text) };
}

export interface Stats {
  runs: number;
  min: number;
  median: number;
  p95: number;
}

/** Nearest-rank percentiles over the sorted times, in milliseconds. */
export function stats(times: readonly number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  return { runs: sorted.length, min: sorted[0] ?? NaN, median: rank(0.5), p95: rank(0.95) };
}

interface Call {
  label: string;
  run: () => Promise<Posted>;
}

async function measure(call: Call, warmup: number, runs: number): Promise<Stats & { label: string; sent: number; bytes: number }> {
  let sizes = { sent: 0, bytes: 0 };
  for (let i = 0; i < warmup; i += 1) {
    const { body, sent, bytes } = await call.run();
    // A failing call is fast and would pass for a good figure.
    if (body.errors?.length || !body.data) throw new Error(`${call.label} failed: ${JSON.stringify(body.errors)}`);
    sizes = { sent, bytes };
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await call.run();
    times.push(performance.now() - started);
  }
  return { label: call.label, ...sizes, ...stats(times) };
}

interface Target {
  gatewayUrl: string;
  urls: Record<SubgraphName, string>;
  secrets: Partial<Record<SubgraphName, string>>;
  token: string;
  /** SQL statements per subgraph while `during` runs; absent when the stack is not ours. */
  countQueries?: (during: () => Promise<unknown>) => Promise<Record<SubgraphName, string[]>>;
  describe: string;
  stop: () => Promise<void>;
}

type OfficialRow = { code: string } & Partial<Record<`${LineKey}Results`, Record<string, unknown>[] | null>>;

async function run(target: Target, limit: number, warmup: number, runs: number): Promise<void> {
  const { gatewayUrl, urls, token } = target;
  const direct = <T = Record<string, unknown>>(name: SubgraphName, query: string, variables: Record<string, unknown>) =>
    post<T>(urls[name], token, query, variables, target.secrets[name]);
  const board = await direct<{ officials: { items: OfficialRow[] } }>('board', DIRECT_BOARD_OFFICIALS, { limit });
  const items = board.body.data?.officials.items ?? [];
  const keys = items.map((o) => ({ __typename: 'Official', code: o.code }));
  // The assessment's representations carry every line's results, as the gateway builds them from the agencies' answers.
  const withResults = keys.map((key) => ({ ...key })) as Record<string, unknown>[];
  for (const line of LINE_KEYS) {
    const answer = await direct<{ _entities: OfficialRow[] }>(line, directLineEntities(line), { representations: keys });
    answer.body.data?._entities.forEach((entity, i) => {
      const results = entity[`${line}Results`];
      const target = withResults[i];
      if (target) target[`${line}Results`] = results?.map(({ percentages: _, ...required }) => required) ?? null;
    });
  }

  const calls: Call[] = [
    { label: `gateway: Board view (${items.length} officials)`, run: () => post(gatewayUrl, token, BOARD_VIEW, { limit }) },
    ...(limit > 100 ? [{ label: 'gateway: Board view (100 officials)', run: () => post(gatewayUrl, token, BOARD_VIEW, { limit: 100 }) }] : []),
    { label: 'board: officials (direct)', run: () => direct('board', DIRECT_BOARD_OFFICIALS, { limit }) },
    ...LINE_KEYS.map((line) => ({
      label: `${line}: _entities ${line}Results (direct)`,
      run: () => direct(line, directLineEntities(line), { representations: keys }),
    })),
    {
      // As the plan runs them: side by side, sharing the machine's two cores.
      label: 'three lines in parallel (direct)',
      run: async () => {
        const answers = await Promise.all(LINE_KEYS.map((line) => direct(line, directLineEntities(line), { representations: keys })));
        return {
          body: { data: {}, errors: answers.flatMap((a) => a.body.errors ?? []) },
          sent: answers.reduce((sum, a) => sum + a.sent, 0),
          bytes: answers.reduce((sum, a) => sum + a.bytes, 0),
        };
      },
    },
    { label: 'board: _entities assessment (direct)', run: () => direct('board', DIRECT_BOARD_ASSESSMENT, { representations: withResults }) },
  ];
  const rows: Awaited<ReturnType<typeof measure>>[] = [];
  for (const call of calls) rows.push(await measure(call, warmup, runs));

  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`\n${target.describe}`);
  out(`${runs} runs after ${warmup} warm-up runs each, one request at a time; milliseconds.\n`);
  out(`| call | min | median | p95 | request | response |`);
  out(`|---|---:|---:|---:|---:|---:|`);
  const ms = (n: number) => n.toFixed(1);
  const kib = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(0)} KiB`);
  for (const row of rows) out(`| ${row.label} | ${ms(row.min)} | ${ms(row.median)} | ${ms(row.p95)} | ${kib(row.sent)} | ${kib(row.bytes)} |`);
  const med = (label: string) => rows.find((r) => r.label.startsWith(label))?.median ?? NaN;
  const gateway = rows[0]?.median ?? NaN;
  const criticalPath = med('board: officials') + med('three lines') + med('board: _entities');
  out(`\nThe plan's three steps called directly, one after the other (board officials, the three lines in parallel, the assessment), medians: ${ms(criticalPath)} ms.`);
  out(`The gateway's median is ${ms(gateway)} ms: about ${ms(gateway - criticalPath)} ms more, spent in the gateway (representations, merging, shaping the answer).`);

  if (target.countQueries) {
    out(`\nSQL statements per subgraph for one Board view through the gateway:`);
    out(`| officials | ${(['board', 'party', 'council', 'committee'] as const).join(' | ')} |`);
    out(`|---:|---:|---:|---:|---:|`);
    let statements: Record<SubgraphName, string[]> | undefined;
    for (const size of [...new Set([Math.min(100, limit), limit])]) {
      statements = await target.countQueries(() => post(gatewayUrl, token, BOARD_VIEW, { limit: size }));
      const { board: b, party, council, committee } = statements;
      out(`| ${size} | ${b.length} | ${party.length} | ${council.length} | ${committee.length} |`);
    }
    out(`\nThe statements, for ${limit} officials (abbreviated):`);
    for (const [subgraph, list] of Object.entries(statements ?? {})) {
      for (const sql of list) out(`  ${subgraph.padEnd(9)} ${sql.replace(/\s+/g, ' ').replace(/^SELECT .*? FROM /, 'SELECT … FROM ').slice(0, 140)}`);
    }
  }
}

async function embeddedTarget(count: number): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tinnhiem-bench-'));
  const auth = authSettings(DEVELOPMENT_JWT_SECRET);
  const seen: Record<SubgraphName, string[]> = { board: [], party: [], council: [], committee: [] };
  let counting = false;
  const started = performance.now();
  const stack = await startStack({
    dataDir,
    auth,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    onQuery: (subgraph, sql) => {
      if (counting) seen[subgraph].push(sql);
    },
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const stop = async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const loaded = await loadBoardView(stack.databases, { party: partyAgency, council: councilAgency, committee: committeeAgency }, count);
    const nominees = LINE_KEYS.map((line) => `${line} ${loaded.nominees[line]}`).join(', ');
    return {
      gatewayUrl: stack.gatewayUrl,
      urls: stack.urls,
      secrets: stack.subgraphSecrets,
      token: await issueToken(auth, DEVELOPMENT_VIEWERS.boardAnalyst, '1h'),
      describe: `Embedded stack (PostgreSQL 18 in ${dataDir}), ${loaded.officials} officials; one published round per line with ${nominees} nominees; started and loaded in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
      countQueries: async (during) => {
        for (const list of Object.values(seen)) list.length = 0;
        counting = true;
        try {
          await during();
        } finally {
          counting = false;
        }
        return { board: [...seen.board], party: [...seen.party], council: [...seen.council], committee: [...seen.committee] };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function environmentTarget(gatewayUrl: string): Promise<Target> {
  const url = (name: string) => {
    const value = process.env[`BENCH_${name.toUpperCase()}_URL`];
    if (!value) throw new Error(`BENCH_GATEWAY_URL is set: set BENCH_${name.toUpperCase()}_URL too.`);
    return value;
  };
  const urls = { board: url('board'), party: url('party'), council: url('council'), committee: url('committee') };
  const auth = authFromEnvironment();
  return issueToken(auth, DEVELOPMENT_VIEWERS.boardAnalyst, '1h').then((token) => ({
    gatewayUrl,
    urls,
    secrets: calledSubgraphSecretsFromEnvironment(['board', 'party', 'council', 'committee'] as const),
    token,
    describe: `Running stack at ${gatewayUrl}, with the data it holds (nothing loaded; SQL not counted).`,
    stop: async () => undefined,
  }));
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const count = Number(process.env.BENCH_OFFICIALS ?? 1000);
  const runs = Number(process.env.BENCH_RUNS ?? 30);
  const warmup = Number(process.env.BENCH_WARMUP ?? 5);
  const gatewayUrl = process.env.BENCH_GATEWAY_URL;
  const target = gatewayUrl ? await environmentTarget(gatewayUrl) : await embeddedTarget(count);
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= target.stop());
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    await run(target, Math.min(count, 1000), warmup, runs);
  } finally {
    await stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
