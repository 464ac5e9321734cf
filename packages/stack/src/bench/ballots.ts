import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { authSettings, DEVELOPMENT_JWT_SECRET, envInt, issueToken, startEmbeddedPostgres } from '@tinnhiem/platform';
import {
  addNominee,
  BallotBox,
  ballotHash,
  ballotKey,
  closeRound,
  createRound,
  genesisHash,
  issueTokens,
  openRound,
  publishRound,
  startAgencyService,
  startCounting,
  tallyMarks,
  verifyBallotLog,
  type AgencyService,
  type BallotMark,
  type LogTally,
} from '@tinnhiem/voting';
import type { DataSource, EntityManager } from 'typeorm';
import { fictionalName } from '../demo/people';
import { ephemeralSecret } from '../secrets';
import { DEVELOPMENT_VIEWERS } from '../tokens';

/** The bench issues codes itself and casts them through the service: both must hash under one key. */
const BALLOT_KEY = ephemeralSecret();

/**
 * `npm run bench:ballots` (issue 4, part 8): electronic ballots on this machine.
 *
 * (a) Casting throughput, ballots per second: through GraphQL over HTTP with
 *     BENCH_CLIENTS concurrent clients (and with one), and through BallotBox
 *     directly, each for BENCH_BALLOTS ballots of BENCH_NOMINEES nominees.
 * (b) A round of BENCH_LOG_BALLOTS ballots (default 100,000) for 30 nominees:
 *     the time to verify the log (verifyBallotLog) and to tally it, measured
 *     apart; then closing (verification + minutes written from the log),
 *     publishing (verification again + seal), verifyRound over HTTP, and the
 *     verify command as a process.
 *
 * Its own embedded PostgreSQL, durable (fsync on, as `npm start` runs it), in a
 * temporary folder removed at the end. Targets: at least 1,000 ballots/s, and
 * under one second to tally 100,000 ballots.
 */

const CLIENTS = envInt('BENCH_CLIENTS', 50);
const BALLOTS = envInt('BENCH_BALLOTS', 5000);
const NOMINEES = envInt('BENCH_NOMINEES', 30);
const LOG_BALLOTS = envInt('BENCH_LOG_BALLOTS', 100_000);
const RUNS = envInt('BENCH_RUNS', 5);
const WARMUP_BALLOTS = envInt('BENCH_WARMUP', 500);

const MARKS: readonly BallotMark[] = ['HIGH', 'CONFIDENT', 'LOW', 'BLANK'];
const admin = DEVELOPMENT_VIEWERS.partyAdmin;

const CAST = `mutation Cast($code: String!, $marks: [BallotMarkInput!]!) { castPartyBallot(code: $code, marks: $marks) { receipt } }`;

interface Row {
  what: string;
  figure: string;
  detail: string;
}
const rows: Row[] = [];

function report(what: string, figure: string, detail = ''): void {
  rows.push({ what, figure, detail });
  console.log(`  ${what}: ${figure}${detail ? ` (${detail})` : ''}`);
}

const ms = (t: number) => `${t.toFixed(t < 10 ? 2 : 0)} ms`;
const perSecond = (n: number, elapsedMs: number) => Math.round((n * 1000) / elapsedMs);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Runs `work` RUNS times; the median and the fastest, in milliseconds. */
async function repeated<T>(work: () => Promise<T>, runs = RUNS): Promise<{ value: T; median: number; min: number }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i += 1) {
    const t = await timed(work);
    value = t.value;
    times.push(t.ms);
  }
  const sorted = times.sort((a, b) => a - b);
  return { value, median: percentile(sorted, 0.5), min: sorted[0] ?? NaN };
}

/** An open electronic round with `nominees` on the ballot and `present` codes issued. */
async function openElectronicRound(db: DataSource, title: string, present: number, nominees: number): Promise<{ roundId: string; nomineeIds: string[]; codes: string[] }> {
  const round = await createRound(db, partyAgency, admin, { mode: 'ELECTRONIC', title, body: 'Ban Chấp hành Đảng bộ thành phố', year: 2023, summoned: present });
  const nomineeIds: string[] = [];
  for (let i = 0; i < nominees; i += 1) {
    const nominee = await addNominee(db, round.id, {
      officialCode: `BB-${String(i + 1).padStart(3, '0')}`,
      fullName: fictionalName(i),
      posts: ['Ủy viên Ban Chấp hành Đảng bộ thành phố'],
      managedBy: 'STANDING_BOARD',
    });
    nomineeIds.push(nominee.id);
  }
  await openRound(db, partyAgency, round.id, present);
  const codes = await issueTokens(db, ballotKey(BALLOT_KEY), round.id);
  return { roundId: round.id, nomineeIds, codes };
}

function randomMarks(nominees: number): BallotMark[] {
  const bytes = randomBytes(nominees);
  return Array.from(bytes, (b) => MARKS[b % 4] as BallotMark);
}

async function countStored(db: DataSource, roundId: string): Promise<{ ballots: number; used: number }> {
  const [row] = (await db.query(
    `SELECT (SELECT count(*) FROM ballot WHERE round_id = $1)::int AS ballots, (SELECT count(*) FROM ballot_token WHERE round_id = $1 AND used)::int AS used`,
    [roundId],
  )) as { ballots: number; used: number }[];
  return row ?? { ballots: -1, used: -1 };
}

function expectStored(label: string, stored: { ballots: number; used: number }, n: number): void {
  if (stored.ballots !== n || stored.used !== n) throw new Error(`${label}: ${stored.ballots} ballots and ${stored.used} codes spent, ${n} expected`);
}

// ---------------------------------------------------------------------------------------------
// (a) casting

/**
 * The load client runs in a worker thread, as voters' terminals would be other
 * machines: its JSON and HTTP work does not stall the service's event loop
 * (it still shares the machine's two cores with the service and PostgreSQL).
 */
const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { url, bodies, clients } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}
(async () => {
  let next = 0;
  const latencies = [];
  const errors = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      const t = performance.now();
      const answer = JSON.parse(await post(bodies[i]));
      latencies.push(performance.now() - t);
      if (answer.errors || !answer.data) errors.push(JSON.stringify(answer.errors));
    }
  }));
  const elapsed = performance.now() - started;
  agent.destroy();
  parentPort.postMessage({ elapsed, latencies, errors: errors.slice(0, 3), failed: errors.length });
})().catch((e) => parentPort.postMessage({ fatal: String(e && e.stack || e) }));
`;

interface LoadResult {
  elapsed: number;
  latencies: number[];
  errors: string[];
  failed: number;
  fatal?: string;
}

function httpLoad(url: string, bodies: string[], clients: number): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(CLIENT_SOURCE, { eval: true, workerData: { url, bodies, clients } });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      if (result.fatal) reject(new Error(result.fatal));
      else resolvePromise(result);
    });
    worker.once('error', reject);
  });
}

async function castOverHttp(service: AgencyService, label: string, ballots: number, clients: number): Promise<void> {
  const { roundId, nomineeIds, codes } = await openElectronicRound(service.db, `${label} (đo tải)`, ballots, NOMINEES);
  const bodies = codes.map((code) => JSON.stringify({
    query: CAST,
    variables: { code, marks: randomMarks(nomineeIds.length).map((mark, i) => ({ nomineeId: nomineeIds[i], mark })) },
  }));
  const result = await httpLoad(service.url, bodies, clients);
  if (result.failed > 0) throw new Error(`${label}: ${result.failed} ballots refused, e.g. ${result.errors.join(' | ')}`);
  expectStored(label, await countStored(service.db, roundId), ballots);
  const sorted = result.latencies.sort((a, b) => a - b);
  report(label, `${perSecond(ballots, result.elapsed)} ballots/s`,
    `${ballots} ballots in ${ms(result.elapsed)}; latency median ${ms(percentile(sorted, 0.5))}, p95 ${ms(percentile(sorted, 0.95))}`);
}

async function castDirect(db: DataSource, label: string, ballots: number, clients: number): Promise<void> {
  const { roundId, nomineeIds, codes } = await openElectronicRound(db, `${label} (đo tải)`, ballots, NOMINEES);
  const marks = codes.map(() => randomMarks(nomineeIds.length).map((mark, i) => ({ nomineeId: nomineeIds[i] as string, mark })));
  const box = new BallotBox(db, ballotKey(BALLOT_KEY));
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < codes.length; i = next++) await box.cast(codes[i] as string, marks[i] ?? []);
  }));
  const elapsed = performance.now() - started;
  expectStored(label, await countStored(db, roundId), ballots);
  report(label, `${perSecond(ballots, elapsed)} ballots/s`, `${ballots} ballots in ${ms(elapsed)}`);
}

/** How many ballots each append transaction carried, from the chain itself: ballots sharing a transaction id. */
async function batchSizes(db: DataSource, roundId: string): Promise<string> {
  const [row] = (await db.query(
    `SELECT count(*)::int AS batches, round(avg(n), 1)::float AS mean, max(n)::int AS max
       FROM (SELECT xmin::text, count(*) AS n FROM ballot WHERE round_id = $1 GROUP BY 1) b`,
    [roundId],
  )) as { batches: number; mean: number; max: number }[];
  return `${row?.batches} transactions, ${row?.mean} ballots each on average, at most ${row?.max}`;
}

// ---------------------------------------------------------------------------------------------
// (b) a large log

/**
 * Fills an open round's log with `count` ballots as BallotBox would write them:
 * the chain is computed here with the engine's own hash, inserted with unnest in
 * chunks inside one transaction, and as many codes are marked spent.
 */
async function fillLog(db: DataSource, roundId: string, count: number, nominees: number): Promise<LogTally> {
  const expected = Array.from({ length: nominees }, () => [0, 0, 0, 0]);
  const CHUNK = 10_000;
  await db.transaction(async (em) => {
    let prevHash = genesisHash(roundId);
    for (let start = 0; start < count; start += CHUNK) {
      const size = Math.min(CHUNK, count - start);
      const positions: number[] = [];
      const nonces: string[] = [];
      const marks: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      const random = randomBytes(size * (16 + nominees));
      for (let k = 0; k < size; k += 1) {
        const position = start + k + 1;
        const nonce = random.subarray(k * (16 + nominees), k * (16 + nominees) + 16).toString('hex');
        let encoded = '';
        for (let i = 0; i < nominees; i += 1) {
          const digit = (random[k * (16 + nominees) + 16 + i] ?? 0) % 4;
          encoded += String(digit);
          (expected[i] as number[])[digit] = ((expected[i] as number[])[digit] ?? 0) + 1;
        }
        const hash = ballotHash({ roundId, position, nonce, marks: encoded, prevHash });
        positions.push(position);
        nonces.push(nonce);
        marks.push(encoded);
        prevs.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      await em.query(
        `INSERT INTO ballot (round_id, position, nonce, marks, prev_hash, hash)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        [roundId, positions, nonces, marks, prevs, hashes],
      );
    }
    const [, spent] = (await em.query(
      `UPDATE ballot_token SET used = true WHERE token_hash IN (SELECT token_hash FROM ballot_token WHERE round_id = $1 AND NOT used LIMIT $2)`,
      [roundId, count],
    )) as [unknown, number];
    if (spent !== count) throw new Error(`marked ${spent} codes spent for ${count} ballots`);
  });
  return expected.map(([invalid = 0, high = 0, confident = 0, low = 0]) => ({ high, confident, low, invalid }) as LogTally[number]);
}

const sameTally = (a: LogTally, b: LogTally) =>
  a.length === b.length && a.every((t, i) => (['high', 'confident', 'low', 'invalid'] as const).every((f) => t[f] === b[i]?.[f]));

async function largeLog(service: AgencyService, token: string): Promise<void> {
  const db = service.db;
  const label = `${LOG_BALLOTS.toLocaleString('en')} ballots × ${NOMINEES} nominees`;
  const setup = await timed(() => openElectronicRound(db, `Nhật ký lớn (${label})`, LOG_BALLOTS, NOMINEES));
  const { roundId } = setup.value;
  report(`set up: plan, open, issue ${LOG_BALLOTS.toLocaleString('en')} codes (issueTokens)`, ms(setup.ms));
  const fill = await timed(() => fillLog(db, roundId, LOG_BALLOTS, NOMINEES));
  const expected = fill.value;
  report('set up: compute the chain in Node and insert it (unnest, chunks of 10,000)', ms(fill.ms));
  await db.query(`VACUUM ANALYZE ballot`);
  await db.query(`VACUUM ANALYZE ballot_token`);

  // Verification as the service and the command run it: the whole log read, every hash recomputed, tallied.
  const verify = await repeated(() => verifyBallotLog(db.manager, roundId));
  if (!verify.value.intact || !sameTally(verify.value.tally, expected)) {
    throw new Error(`verifyBallotLog disagrees with the ballots written: ${JSON.stringify(verify.value.breaks.slice(0, 3))}`);
  }
  report(`verifyBallotLog, ${label}`, ms(verify.median), `median of ${RUNS}; fastest ${ms(verify.min)}; intact, tally as written`);

  // Where that time goes: its SQL statements timed from inside (the rest is JavaScript), then its steps apart.
  const sqlTimes: number[] = [];
  const timedManager = {
    query: async (sql: string, params?: unknown[]) => {
      const t = await timed(() => db.manager.query(sql, params));
      sqlTimes.push(t.ms);
      return t.value;
    },
  } as unknown as EntityManager;
  const inside = await timed(() => verifyBallotLog(timedManager, roundId));
  const inSql = sqlTimes.reduce((a, b) => a + b, 0);
  report('  of which: its SQL statements (round, nominees, log, spent codes, minutes)', ms(inSql),
    `${sqlTimes.length} statements, the log ${ms(Math.max(...sqlTimes))}; the rest, ${ms(inside.ms - inSql)}, is hashing, checks and counting in Node (one run)`);
  // The same three steps, apart.
  const read = await repeated(() => db.query(`SELECT position, nonce, marks, prev_hash, hash FROM ballot WHERE round_id = $1 ORDER BY position`, [roundId]) as Promise<{ position: number; nonce: string; marks: string; prev_hash: string; hash: string }[]>);
  report('  of which: read the log (SELECT … ORDER BY position, through TypeORM/pg)', ms(read.median), `${read.value.length} rows`);
  const ballots = read.value;
  const rehash = await repeated(async () => {
    let prev = genesisHash(roundId);
    let ok = 0;
    for (const b of ballots) {
      if (b.prev_hash === prev && ballotHash({ roundId, position: b.position, nonce: b.nonce, marks: b.marks, prevHash: b.prev_hash }) === b.hash) ok += 1;
      prev = b.hash;
    }
    return ok;
  });
  report(`  of which: recompute and compare ${LOG_BALLOTS.toLocaleString('en')} SHA-256 links`, ms(rehash.median), `${rehash.value} ballots verified`);
  const count = await repeated(async () => tallyMarks(ballots.map((b) => b.marks), NOMINEES));
  report('  of which: tallyMarks over the marks in memory', ms(count.median));

  // The tally alone, from the log: read the marks and count them.
  const tally = await repeated(async () => {
    const marks = (await db.query(`SELECT marks FROM ballot WHERE round_id = $1`, [roundId])) as { marks: string }[];
    return tallyMarks(marks.map((m) => m.marks), NOMINEES);
  });
  if (!sameTally(tally.value, expected)) throw new Error('the tally from the log differs from the ballots written');
  report(`tally from the log (SELECT marks + tallyMarks), ${label}`, ms(tally.median), `median of ${RUNS}; fastest ${ms(tally.min)}`);
  const sqlTally = await repeated(async () => db.query(
    `SELECT i, substr(marks, i, 1) AS digit, count(*)::int AS n
       FROM ballot, generate_series(1, $2::int) AS i WHERE round_id = $1 GROUP BY 1, 2`,
    [roundId, NOMINEES],
  ) as Promise<{ i: number; digit: string; n: number }[]>, Math.min(RUNS, 3));
  const fromSql = Array.from({ length: NOMINEES }, () => ({ high: 0, confident: 0, low: 0, invalid: 0 }));
  const field = { '0': 'invalid', '1': 'high', '2': 'confident', '3': 'low' } as const;
  for (const r of sqlTally.value) fromSql[r.i - 1]![field[r.digit as keyof typeof field]] = r.n;
  if (!sameTally(fromSql as LogTally, expected)) throw new Error('the SQL tally differs from the ballots written');
  report('tally in SQL instead (for comparison: substr × generate_series, GROUP BY)', ms(sqlTally.median), `median of ${Math.min(RUNS, 3)}`);

  // What the product does with it: closing verifies and writes the minutes; publishing verifies and seals.
  await startCounting(db, roundId);
  const close = await timed(() => closeRound(db, roundId));
  report('closeRound (verify the log + write the minutes from it)', ms(close.ms), 'once');
  const publish = await timed(() => publishRound(db, roundId));
  report('publishRound (verify again + seal)', ms(publish.ms), 'once');
  const VERIFY = `query($r: ID!) { verifyPartyRound(roundId: $r) { ballots intact tallyMatchesMinutes sealMatches } }`;
  const overHttp = await repeated(async () => {
    const response = await fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: VERIFY, variables: { r: roundId } }),
    });
    return (await response.json()) as { data?: { verifyPartyRound: { ballots: number; intact: boolean; tallyMatchesMinutes: boolean; sealMatches: boolean } } };
  }, Math.min(RUNS, 3));
  const answer = overHttp.value.data?.verifyPartyRound;
  if (!answer?.intact || !answer.tallyMatchesMinutes || !answer.sealMatches || answer.ballots !== LOG_BALLOTS) {
    throw new Error(`verifyPartyRound after publication: ${JSON.stringify(overHttp.value)}`);
  }
  report('verifyPartyRound over HTTP (published: chain, minutes and seal)', ms(overHttp.median), `median of ${Math.min(RUNS, 3)}`);
  const cli = resolve(__dirname, '..', '..', '..', 'voting', 'dist', 'verify-cli.js');
  const command = await timed(async () => spawnSync(process.execPath, [cli, '--round', roundId], {
    env: { ...process.env, DATABASE_URL: (db.options as { url?: string }).url ?? '' },
    encoding: 'utf8',
  }));
  if (command.value.status !== 0) throw new Error(`verify command: exit ${command.value.status}\n${command.value.stdout}${command.value.stderr}`);
  report('npm run verify (the command as a process, start to exit)', ms(command.ms), 'once');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tinnhiem-bench-ballots-'));
  const auth = authSettings(DEVELOPMENT_JWT_SECRET);
  let cluster;
  let service: AgencyService | undefined;
  try {
    const started = performance.now();
    cluster = await startEmbeddedPostgres({ dataDir, durable: true });
    await cluster.ensureDatabase('bench_ballots');
    service = await startAgencyService({ agency: partyAgency, databaseUrl: cluster.url('bench_ballots'), port: 0, auth, ballotKey: BALLOT_KEY });
    const [settings] = (await service.db.query(`SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync, version() AS version`)) as { fsync: string; sync: string; version: string }[];
    console.log(`Electronic ballots on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}, ${settings?.version.split(' on ')[0]}, fsync=${settings?.fsync}, synchronous_commit=${settings?.sync}; ready in ${ms(performance.now() - started)}.`);
    console.log(`${NOMINEES} nominees per ballot.\n`);

    console.log('(a) casting');
    await castOverHttp(service, 'warm-up over HTTP (not counted)', WARMUP_BALLOTS, CLIENTS);
    rows.pop();
    await castOverHttp(service, `GraphQL over HTTP, ${CLIENTS} concurrent clients`, BALLOTS, CLIENTS);
    await castOverHttp(service, 'GraphQL over HTTP, 1 client (one ballot at a time)', Math.min(BALLOTS, 500), 1);
    await castDirect(service.db, `BallotBox.cast directly, ${CLIENTS} concurrent callers`, BALLOTS, CLIENTS);
    await castDirect(service.db, `BallotBox.cast directly, all ${BALLOTS} at once`, BALLOTS, BALLOTS);
    await castDirect(service.db, 'BallotBox.cast directly, 1 caller', Math.min(BALLOTS, 500), 1);
    const [last] = (await service.db.query(`SELECT id FROM round WHERE title LIKE $1 ORDER BY created_at DESC LIMIT 1`, [`GraphQL over HTTP, ${CLIENTS}%`])) as { id: string }[];
    if (last) console.log(`  batching over HTTP with ${CLIENTS} clients: ${await batchSizes(service.db, last.id)}`);

    console.log(`\n(b) a log of ${LOG_BALLOTS.toLocaleString('en')} ballots`);
    await largeLog(service, await issueToken(auth, DEVELOPMENT_VIEWERS.auditor, '1h'));

    console.log('\n| measurement | result | detail |\n|---|---:|---|');
    for (const row of rows) console.log(`| ${row.what.trim()} | ${row.figure} | ${row.detail} |`);
  } finally {
    await service?.stop();
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
