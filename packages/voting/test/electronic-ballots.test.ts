import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMarks, startAgencyService, type AgencyService } from '@tinnhiem/voting';
import { createTestDatabase } from '../../../tests/support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../../../tests/support/graphql';

// Electronic secret ballots (issue 4, parts 1–5 and 7; R1, R2, R13), through GraphQL over HTTP as a
// client would, and against the database the service writes: what is stored, and what is not.

const party = { id: 'party', name: 'Ban Chấp hành Đảng bộ thành phố (test)', rulebook: 'QD96' } as const;

let service: AgencyService;
let databaseUrl: string;
/** The service's ballot key: held by the service, never by its database. */
const BALLOT_KEY = randomBytes(32).toString('base64url');
let url: string;
const tokens: Record<string, string> = {};

const ROLES = {
  admin: ['party:admin'],
  counter: ['party:counter'],
  analyst: ['board:analyst'],
  auditor: ['auditor'],
  dashboard: ['dashboard:reader'],
  roleless: [],
} as const;

beforeAll(async () => {
  databaseUrl = await createTestDatabase('ballots');
  service = await startAgencyService({ agency: party, databaseUrl, port: 0, auth: TEST_AUTH, ballotKey: BALLOT_KEY });
  url = service.url;
  for (const [who, roles] of Object.entries(ROLES)) tokens[who] = await tokenFor({ subject: who, name: who, roles: [...roles] });
});

afterAll(async () => {
  await service?.stop();
});

type Mark = 'HIGH' | 'CONFIDENT' | 'LOW' | 'BLANK';
const MARKS: readonly Mark[] = ['HIGH', 'CONFIDENT', 'LOW', 'BLANK'];
interface MarkInput {
  nomineeId: string;
  mark: Mark;
}

const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, who?: keyof typeof ROLES) =>
  graphql<T>(url, query, variables, who ? tokens[who] : undefined);

const CAST = `mutation($code: String!, $marks: [BallotMarkInput!]!) { castPartyBallot(code: $code, marks: $marks) { roundId receipt } }`;
const ISSUE = `mutation($r: ID!) { issuePartyBallotCodes(roundId: $r) { roundId count codes } }`;
const VERIFY = `query($r: ID!) { verifyPartyRound(roundId: $r) {
  ballots tokensUsed head intact breaks { position hash problem } tally { high confident low invalid } tallyMatchesMinutes sealMatches } }`;
const RECEIPTS = `query($r: ID!) { partyBallotReceipts(roundId: $r) }`;
const START = `mutation($r: ID!) { startPartyCounting(roundId: $r) { status } }`;
const CLOSE = `mutation($r: ID!) { closePartyRound(roundId: $r) { status } }`;
const PUBLISH = `mutation($r: ID!) { publishPartyRound(roundId: $r) { status sealDigest } }`;

interface Verification {
  ballots: number;
  tokensUsed: number;
  head: string;
  intact: boolean;
  breaks: { position: number; hash: string; problem: string }[];
  tally: { high: number; confident: number; low: number; invalid: number }[];
  tallyMatchesMinutes: boolean | null;
  sealMatches: boolean | null;
}

interface RoundPlan {
  present: number;
  summoned?: number;
  nominees?: number;
  mode?: 'ELECTRONIC' | 'PAPER';
  open?: boolean;
  issue?: boolean;
}

interface PlannedRound {
  roundId: string;
  nominees: string[];
  codes: string[];
}

let roundNumber = 0;

/** Plans a round through the API; by default opens it and issues its codes. */
async function electronicRound(plan: RoundPlan): Promise<PlannedRound> {
  roundNumber += 1;
  const { createPartyRound } = dataOf(await gql<{ createPartyRound: { id: string } }>(
    `mutation($input: RoundPlanInput!) { createPartyRound(input: $input) { id } }`,
    { input: { mode: plan.mode ?? 'ELECTRONIC', title: `Bỏ phiếu điện tử ${roundNumber}`, body: 'Ban Chấp hành', year: 2023, summoned: plan.summoned ?? plan.present } },
    'admin'));
  const roundId = createPartyRound.id;
  const nominees: string[] = [];
  for (let i = 0; i < (plan.nominees ?? 3); i += 1) {
    const { addPartyNominee } = dataOf(await gql<{ addPartyNominee: { id: string } }>(
      `mutation($r: ID!, $input: NomineeInput!) { addPartyNominee(roundId: $r, input: $input) { id } }`,
      { r: roundId, input: { officialCode: `EB-${roundNumber}-${i + 1}`, fullName: `Người thử ${i + 1}`, posts: ['Ủy viên Ban Thường vụ'], managedBy: 'STANDING_BOARD' } },
      'admin'));
    nominees.push(addPartyNominee.id);
  }
  if (plan.open === false) return { roundId, nominees, codes: [] };
  dataOf(await gql(`mutation($r: ID!, $p: Int!) { openPartyRound(roundId: $r, present: $p) { status } }`, { r: roundId, p: plan.present }, 'admin'));
  if (plan.issue === false) return { roundId, nominees, codes: [] };
  const { issuePartyBallotCodes } = dataOf(await gql<{ issuePartyBallotCodes: { codes: string[] } }>(ISSUE, { r: roundId }, 'admin'));
  return { roundId, nominees, codes: issuePartyBallotCodes.codes };
}

const castBallot = (code: string, marks: readonly MarkInput[]) =>
  gql<{ castPartyBallot: { roundId: string; receipt: string } }>(CAST, { code, marks });

function receiptOf(response: GraphQLResponse<{ castPartyBallot: { receipt: string } }>): string {
  return dataOf(response).castPartyBallot.receipt;
}

const ballotOf = (nominees: readonly string[], marks: readonly Mark[]): MarkInput[] =>
  nominees.map((nomineeId, i) => ({ nomineeId, mark: marks[i] ?? 'BLANK' }));

function randomBallot(nominees: readonly string[]): Mark[] {
  return nominees.map(() => MARKS[randomBytes(1)[0]! % 4] as Mark);
}

type Counts = { high: number; confident: number; low: number; invalid: number };
const KEY: Record<Mark, keyof Counts> = { HIGH: 'high', CONFIDENT: 'confident', LOW: 'low', BLANK: 'invalid' };

function expectedTally(ballots: readonly Mark[][], nominees: number): Counts[] {
  const tally = Array.from({ length: nominees }, () => ({ high: 0, confident: 0, low: 0, invalid: 0 }));
  for (const ballot of ballots) ballot.forEach((mark, i) => (tally[i] as Counts)[KEY[mark]] += 1);
  return tally;
}

const canonical = (code: string) => code.replace(/-/g, '');
const tokenHash = (code: string) => createHmac('sha256', BALLOT_KEY).update(`tinnhiem-token-v2|${canonical(code)}`).digest('hex');
/** Every hash of a code that someone without the key could compute and look for in the database. */
const keylessHashes = (code: string): string[] =>
  [code, canonical(code), `tinnhiem-token-v1|${canonical(code)}`, `tinnhiem-token-v2|${canonical(code)}`].flatMap((text) =>
    ['sha256', 'sha512', 'sha1', 'md5'].map((algorithm) => createHash(algorithm).update(text).digest('hex')));

/** What the database holds for a round's ballots and codes, read directly. */
async function stored(roundId: string): Promise<{ ballots: number; tokens: number; used: number; entries: number; status: string }> {
  const [row] = (await service.db.query(
    `SELECT (SELECT count(*) FROM ballot WHERE round_id = $1)::int AS ballots,
            (SELECT count(*) FROM ballot_token WHERE round_id = $1)::int AS tokens,
            (SELECT count(*) FROM ballot_token WHERE round_id = $1 AND used)::int AS used,
            (SELECT count(*) FROM tally_entry WHERE round_id = $1)::int AS entries,
            (SELECT status FROM round WHERE id = $1) AS status`,
    [roundId],
  )) as { ballots: number; tokens: number; used: number; entries: number; status: string }[];
  if (!row) throw new Error('no row');
  return row;
}

async function codeUsed(code: string): Promise<boolean | undefined> {
  const [row] = (await service.db.query(`SELECT used FROM ballot_token WHERE token_hash = $1`, [tokenHash(code)])) as { used: boolean }[];
  return row?.used;
}

/** Exactly one error, with this code, and no data. */
function expectRefused(response: GraphQLResponse<unknown>, code: string, message?: RegExp): void {
  expect(errorCodes(response)).toEqual([code]);
  if (message) expect(response.errors?.[0]?.message).toMatch(message);
  const data = response.data as Record<string, unknown> | null | undefined;
  if (data) expect(Object.values(data).every((v) => v === null)).toBe(true);
}

/** Runs SQL as the superuser with the ballot log's append-only trigger off: a database administrator's tampering. */
async function tamper(sql: string, params: unknown[]): Promise<void> {
  await service.db.query(`ALTER TABLE ballot DISABLE TRIGGER ballot_append_only`);
  try {
    await service.db.query(sql, params);
  } finally {
    await service.db.query(`ALTER TABLE ballot ENABLE TRIGGER ballot_append_only`);
  }
}

// ---------------------------------------------------------------------------------------------------

describe('ballot codes (part 1)', () => {
  it('issues one code per member present: distinct, 26 base32 characters (130 bits), stored only as keyed hashes (HMAC-SHA-256) in another order', async () => {
    const { roundId, codes } = await electronicRound({ present: 40, summoned: 45 });
    expect(codes).toHaveLength(40);
    expect(new Set(codes.map(canonical)).size).toBe(40);
    for (const code of codes) {
      // Crockford's base32 (no I, L, O, U): 26 × 5 = 130 bits ≥ 128, printed in groups with dashes.
      expect(canonical(code)).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{1,5})+$/);
    }
    // Every character of the alphabet occurs across 1,040 random characters; a code is not a counter.
    expect(new Set(codes.map(canonical).join('')).size).toBe(32);

    const rows = (await service.db.query(`SELECT token_hash, used FROM ballot_token WHERE round_id = $1`, [roundId])) as { token_hash: string; used: boolean }[];
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => !r.used)).toBe(true);
    expect(new Set(rows.map((r) => r.token_hash))).toEqual(new Set(codes.map(tokenHash)));
    // Stored in another order than printed: the row order does not tell which printed code is which (1 in 40! to fail).
    expect(rows.map((r) => r.token_hash)).not.toEqual(codes.map(tokenHash));
    const [round] = (await service.db.query(`SELECT tokens_issued FROM round WHERE id = $1`, [roundId])) as { tokens_issued: number }[];
    expect(round?.tokens_issued).toBe(40);

    // No code text anywhere: every row of every table of the database, as text.
    const tables = (await service.db.query(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    )) as { table_schema: string; table_name: string }[];
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['round', 'nominee', 'ballot', 'ballot_token', 'tally_entry']));
    let text = '';
    for (const t of tables) {
      const [dump] = (await service.db.query(`SELECT coalesce(string_agg(x::text, E'\\n'), '') AS text FROM "${t.table_schema}"."${t.table_name}" x`)) as { text: string }[];
      text += `${dump?.text ?? ''}\n`;
    }
    text = text.toUpperCase();
    expect(text).toContain(tokenHash(codes[0] as string).toUpperCase()); // the scan does see ballot_token
    for (const code of codes) {
      expect(text).not.toContain(canonical(code));
      expect(text).not.toContain(code);
      expect(text).not.toContain(canonical(code).slice(0, 13)); // not even half of one
    }
  });

  it('issues the codes once', async () => {
    const { roundId } = await electronicRound({ present: 5 });
    const again = await gql(ISSUE, { r: roundId }, 'admin');
    expectRefused(again, 'TOKENS_ALREADY_ISSUED', /5 ballot codes .* already issued/);
    expect(await stored(roundId)).toMatchObject({ tokens: 5, used: 0 });
  });

  it('issues codes only to the agency admin, only in an OPEN electronic round', async () => {
    const draft = await electronicRound({ present: 4, open: false });
    expectRefused(await gql(ISSUE, { r: draft.roundId }, 'admin'), 'INVALID_TRANSITION', /DRAFT/);
    const paper = await electronicRound({ present: 4, mode: 'PAPER', issue: false });
    expectRefused(await gql(ISSUE, { r: paper.roundId }, 'admin'), 'INVALID_TRANSITION', /paper/);
    const open = await electronicRound({ present: 4, issue: false });
    expectRefused(await gql(ISSUE, { r: open.roundId }, 'counter'), 'FORBIDDEN');
    expectRefused(await gql(ISSUE, { r: open.roundId }), 'UNAUTHENTICATED');
    dataOf(await gql(START, { r: open.roundId }, 'admin'));
    expectRefused(await gql(ISSUE, { r: open.roundId }, 'admin'), 'INVALID_TRANSITION', /COUNTING/);
    expectRefused(await gql(ISSUE, { r: randomUUID() }, 'admin'), 'NOT_FOUND');
    for (const r of [draft, paper, open]) expect((await stored(r.roundId)).tokens).toBe(0);
  });
});

describe('bad ballots: a clear error, nothing stored, the code still unused (Bad input)', () => {
  let round: PlannedRound;
  let other: PlannedRound;

  beforeAll(async () => {
    round = await electronicRound({ present: 10, nominees: 3 });
    other = await electronicRound({ present: 3, nominees: 2 });
  });

  /** Sends a ballot that must be refused with `code`; nothing changes in the round, and `slip` stays unused. */
  async function refused(slip: string, marks: MarkInput[], code: string, message?: RegExp): Promise<void> {
    const before = await stored(round.roundId);
    const wasUsed = await codeUsed(slip);
    expectRefused(await castBallot(slip, marks), code, message);
    expect(await stored(round.roundId)).toEqual(before);
    // A code stays as it was: unused unless a ballot was stored with it before.
    expect(await codeUsed(slip)).toBe(wasUsed);
    if (code !== 'TOKEN_USED' && wasUsed !== undefined) expect(wasUsed).toBe(false);
  }

  it('a malformed code', async () => {
    const good = ballotOf(round.nominees, ['HIGH', 'LOW', 'CONFIDENT']);
    for (const slip of ['', 'ABC', canonical(round.codes[0] as string).slice(1), `${canonical(round.codes[0] as string)}7`, 'UUUUU-UUUUU-UUUUU-UUUUU-UUUUU-U', '0'.repeat(25) + '!', `${round.codes[0]}\u0000`]) {
      await refused(slip, good, 'TOKEN_MALFORMED', /26 letters and digits/);
    }
    expect(await codeUsed(round.codes[0] as string)).toBe(false);
  });

  it('an unknown code (well formed, never issued), and a code of a DRAFT round, which has none', async () => {
    const unknown = Array.from({ length: 26 }, (_, i) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[(i * 7) % 32]).join('');
    await refused(unknown, ballotOf(round.nominees, ['HIGH', 'HIGH', 'HIGH']), 'TOKEN_INVALID', /not issued/);
    const draft = await electronicRound({ present: 3, open: false });
    await refused(unknown, ballotOf(draft.nominees, ['HIGH', 'HIGH', 'HIGH']), 'TOKEN_INVALID');
    expect(await stored(draft.roundId)).toMatchObject({ ballots: 0, tokens: 0, status: 'DRAFT' });
  });

  it('a mark for a nominee not on the ballot (unknown, of another round, not an id)', async () => {
    const slip = round.codes[1] as string;
    const three = ballotOf(round.nominees, ['HIGH', 'LOW', 'CONFIDENT']);
    await refused(slip, [...three, { nomineeId: randomUUID(), mark: 'LOW' }], 'BAD_USER_INPUT', /not on this ballot/);
    await refused(slip, [...three.slice(0, 2), { nomineeId: other.nominees[0] as string, mark: 'LOW' }], 'BAD_USER_INPUT', /not on this ballot/);
    await refused(slip, [...three, { nomineeId: 'x', mark: 'LOW' }], 'BAD_USER_INPUT', /not on this ballot/);
    // The same code then casts a good ballot: it was never spent.
    receiptOf(await castBallot(slip, three));
    expect(await codeUsed(slip)).toBe(true);
  });

  it('two marks for one nominee, even when they agree', async () => {
    const slip = round.codes[2] as string;
    const [a, b, c] = round.nominees as [string, string, string];
    await refused(slip, [{ nomineeId: a, mark: 'HIGH' }, { nomineeId: a, mark: 'LOW' }, { nomineeId: b, mark: 'LOW' }, { nomineeId: c, mark: 'LOW' }], 'BAD_USER_INPUT', /marked twice/);
    await refused(slip, [{ nomineeId: a, mark: 'LOW' }, { nomineeId: a, mark: 'LOW' }, { nomineeId: b, mark: 'LOW' }, { nomineeId: c, mark: 'LOW' }], 'BAD_USER_INPUT', /marked twice/);
    receiptOf(await castBallot(slip, ballotOf(round.nominees, ['LOW', 'LOW', 'LOW'])));
  });

  it('a missing nominee, or no marks at all (BLANK is how a row is left empty)', async () => {
    const slip = round.codes[3] as string;
    await refused(slip, ballotOf(round.nominees.slice(0, 2), ['HIGH', 'LOW']), 'BALLOT_INCOMPLETE', /1 nominee\(s\) have no mark/);
    await refused(slip, [], 'BALLOT_INCOMPLETE', /3 nominee\(s\)/);
    receiptOf(await castBallot(slip, ballotOf(round.nominees, ['BLANK', 'BLANK', 'BLANK'])));
  });

  it('a mark that is not a level, or a missing argument: refused by the schema', async () => {
    const slip = round.codes[4] as string;
    const before = await stored(round.roundId);
    const bad = await gql(CAST, { code: slip, marks: [{ nomineeId: round.nominees[0], mark: 'MAYBE' }] });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    const none = await gql(`mutation($code: String!) { castPartyBallot(code: $code) { receipt } }`, { code: slip });
    expect(errorCodes(none)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(await stored(round.roundId)).toEqual(before);
    expect(await codeUsed(slip)).toBe(false);
  });

  it('a used code: the second ballot is refused and the first stays as it was', async () => {
    const slip = round.codes[5] as string;
    const receipt = receiptOf(await castBallot(slip, ballotOf(round.nominees, ['HIGH', 'CONFIDENT', 'LOW'])));
    await refused(slip, ballotOf(round.nominees, ['LOW', 'LOW', 'LOW']), 'TOKEN_USED', /already been used/);
    // Case, spaces and look-alike letters do not make another code of it.
    await refused(` ${canonical(slip).toLowerCase().replace(/1/g, 'l').replace(/0/g, 'o')} `, ballotOf(round.nominees, ['LOW', 'LOW', 'LOW']), 'TOKEN_USED');
    const [row] = (await service.db.query(`SELECT marks FROM ballot WHERE hash = $1`, [receipt])) as { marks: string }[];
    expect(row?.marks).toBe('123');
  });

  it('a ballot once counting has started, and after closing: ROUND_NOT_OPEN, the code unused', async () => {
    const r = await electronicRound({ present: 3, nominees: 2 });
    const [first, second, third] = r.codes as [string, string, string];
    receiptOf(await castBallot(first, ballotOf(r.nominees, ['HIGH', 'LOW'])));
    dataOf(await gql(START, { r: r.roundId }, 'admin'));
    let before = await stored(r.roundId);
    expectRefused(await castBallot(second, ballotOf(r.nominees, ['LOW', 'LOW'])), 'ROUND_NOT_OPEN', /not taking ballots/);
    expect(await stored(r.roundId)).toEqual(before);
    expect(await codeUsed(second)).toBe(false);
    dataOf(await gql(CLOSE, { r: r.roundId }, 'admin'));
    before = await stored(r.roundId);
    expectRefused(await castBallot(third, ballotOf(r.nominees, ['LOW', 'LOW'])), 'ROUND_NOT_OPEN');
    expect(await stored(r.roundId)).toEqual(before);
    expect(before).toMatchObject({ ballots: 1, used: 1, status: 'CLOSED' });
    // The database itself refuses a ballot for a round that is not open, whoever sends it.
    await expect(service.db.query(
      `INSERT INTO ballot (round_id, position, nonce, marks, prev_hash, hash) VALUES ($1, 2, $2, '33', 'x', $3)`,
      [r.roundId, randomBytes(16).toString('hex'), randomBytes(32).toString('hex')],
    )).rejects.toThrow(/not taking electronic ballots/);
  });

  it('ballots racing the end of voting are either stored with their code spent, or refused with their code unused', async () => {
    const r = await electronicRound({ present: 120, nominees: 2 });
    // Voting ends while ballots are in flight: once the 30th receipt is back.
    let receipts = 0;
    let endVoting!: () => void;
    const thirtieth = new Promise<void>((resolve) => (endVoting = resolve));
    const casts = r.codes.map(async (code) => {
      const res = await castBallot(code, ballotOf(r.nominees, ['HIGH', 'LOW']));
      if (!res.errors && (receipts += 1) === 30) endVoting();
      return res;
    });
    const stop = thirtieth.then(() => gql(START, { r: r.roundId }, 'admin'));
    const [responses, stopped] = await Promise.all([Promise.all(casts), stop]);
    expect(dataOf(stopped)).toEqual({ startPartyCounting: { status: 'COUNTING' } });
    const accepted = responses.filter((res) => !res.errors);
    expect(accepted.length).toBeGreaterThanOrEqual(30);
    for (const res of responses.filter((x) => x.errors)) expect(errorCodes(res)).toEqual(['ROUND_NOT_OPEN']);
    const after = await stored(r.roundId);
    expect(after.ballots).toBe(accepted.length);
    expect(after.used).toBe(accepted.length);
    for (const [i, res] of responses.entries()) expect(await codeUsed(r.codes[i] as string)).toBe(!res.errors);
    dataOf(await gql(CLOSE, { r: r.roundId }, 'admin'));
    const verified = dataOf(await gql<{ verifyPartyRound: Verification }>(VERIFY, { r: r.roundId }, 'auditor')).verifyPartyRound;
    expect(verified).toMatchObject({ ballots: accepted.length, tokensUsed: accepted.length, intact: true, tallyMatchesMinutes: true });
  });
});

describe('concurrency (part 7)', () => {
  it('1,000 ballots cast at once over HTTP are each counted exactly once', async () => {
    const r = await electronicRound({ present: 1000, summoned: 1000, nominees: 5 });
    expect(r.codes).toHaveLength(1000);
    const sent = r.codes.map(() => randomBallot(r.nominees));
    // While they are cast, verifications are taken: a consistent snapshot never reports a break.
    let casting = true;
    const midway: Verification[] = [];
    const watch = (async () => {
      while (casting) {
        const res = await gql<{ verifyPartyRound: Verification }>(VERIFY, { r: r.roundId }, 'auditor');
        midway.push(dataOf(res).verifyPartyRound);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const responses = await Promise.all(r.codes.map((code, i) => castBallot(code, ballotOf(r.nominees, sent[i] as Mark[]))));
    casting = false;
    await watch;
    const receipts = responses.map(receiptOf);
    expect(new Set(receipts).size).toBe(1000);
    expect(midway.length).toBeGreaterThan(0);
    for (const check of midway) {
      expect(check.breaks).toEqual([]);
      expect(check.tokensUsed).toBe(check.ballots);
    }

    const { partyRound } = dataOf(await gql<{ partyRound: { ballotsCast: number } }>(`query($r: ID!) { partyRound(id: $r) { ballotsCast } }`, { r: r.roundId }, 'admin'));
    expect(partyRound.ballotsCast).toBe(1000);
    expect(await stored(r.roundId)).toMatchObject({ ballots: 1000, tokens: 1000, used: 1000 });
    const [chain] = (await service.db.query(
      `SELECT min(position)::int AS min, max(position)::int AS max, count(DISTINCT position)::int AS n, count(DISTINCT hash)::int AS hashes FROM ballot WHERE round_id = $1`,
      [r.roundId],
    )) as { min: number; max: number; n: number; hashes: number }[];
    expect(chain).toEqual({ min: 1, max: 1000, n: 1000, hashes: 1000 });

    dataOf(await gql(START, { r: r.roundId }, 'admin'));
    dataOf(await gql(CLOSE, { r: r.roundId }, 'admin'));
    const tally = expectedTally(sent, r.nominees.length);
    const verified = dataOf(await gql<{ verifyPartyRound: Verification }>(VERIFY, { r: r.roundId }, 'auditor')).verifyPartyRound;
    expect(verified).toMatchObject({ ballots: 1000, tokensUsed: 1000, intact: true, breaks: [], tally, tallyMatchesMinutes: true, sealMatches: null });
    const results = dataOf(await gql<{ partyRound: { results: { nomineeId: string; ballots: { issued: number; collected: number; valid: number }; counts: Counts & { unmarked: number } }[] } }>(
      `query($r: ID!) { partyRound(id: $r) { results { nomineeId ballots { issued collected valid } counts { high confident low invalid unmarked } } } }`,
      { r: r.roundId }, 'admin')).partyRound.results;
    expect(results.map((x) => x.nomineeId)).toEqual(r.nominees);
    expect(results.map(({ counts: { unmarked, ...counts } }) => (expect(unmarked).toBe(0), counts))).toEqual(tally);
    for (const x of results) expect(x.ballots).toEqual({ issued: 1000, collected: 1000, valid: 1000 });
    const listed = dataOf(await gql<{ partyBallotReceipts: string[] }>(RECEIPTS, { r: r.roundId })).partyBallotReceipts;
    expect(listed).toEqual([...receipts].sort());
  }, 60_000);

  it('the same code sent 50 times at once is accepted exactly once', async () => {
    const r = await electronicRound({ present: 2, nominees: 3 });
    const slip = r.codes[0] as string;
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => castBallot(slip, ballotOf(r.nominees, [MARKS[i % 4] as Mark, 'HIGH', 'LOW']))));
    const accepted = responses.filter((res) => !res.errors);
    expect(accepted).toHaveLength(1);
    const refusedCodes = responses.filter((res) => res.errors).map(errorCodes);
    expect(refusedCodes).toHaveLength(49);
    expect(new Set(refusedCodes.flat())).toEqual(new Set(['TOKEN_USED']));
    expect(await stored(r.roundId)).toMatchObject({ ballots: 1, used: 1, tokens: 2 });
    expect(await codeUsed(r.codes[1] as string)).toBe(false);
    const [row] = (await service.db.query(`SELECT position, hash FROM ballot WHERE round_id = $1`, [r.roundId])) as { position: number; hash: string }[];
    expect(row).toEqual({ position: 1, hash: receiptOf(accepted[0] as GraphQLResponse<{ castPartyBallot: { receipt: string } }>) });
  });
});

describe('tallies hidden until the round closes (part 5)', () => {
  const ROUND = `query($r: ID!) { partyRound(id: $r) { status ballotsCast results { counts { high confident low invalid } } tallyEntries { id lines { high } } } }`;
  const LISTS = `query { partyRounds(limit: 500) { items { id ballotsCast results { band } } } partyPublishedResults { roundId } }`;

  async function whatEachRoleSees(roundId: string) {
    const seen: Record<string, unknown> = {};
    for (const who of [...(Object.keys(ROLES) as (keyof typeof ROLES)[]), undefined]) {
      const one = await gql<{ partyRound: Record<string, unknown> | null }>(ROUND, { r: roundId }, who);
      const lists = await gql<{ partyRounds: { items: { id: string }[] }; partyPublishedResults: { roundId: string }[] }>(LISTS, {}, who);
      const receipts = await gql(RECEIPTS, { r: roundId }, who);
      const verify = await gql<{ verifyPartyRound: Verification }>(VERIFY, { r: roundId }, who);
      seen[who ?? 'anonymous'] = {
        round: one.errors ? errorCodes(one) : one.data?.partyRound,
        listed: lists.errors ? errorCodes(lists) : lists.data?.partyRounds.items.filter((x) => x.id === roundId),
        published: lists.errors ? errorCodes(lists) : lists.data?.partyPublishedResults.filter((x) => x.roundId === roundId),
        receipts: errorCodes(receipts),
        verifyTally: verify.errors ? errorCodes(verify) : verify.data?.verifyPartyRound.tally,
      };
    }
    return seen;
  }

  it('while OPEN and while counting only the number of ballots cast shows, to the agency staff; results after closing', async () => {
    const r = await electronicRound({ present: 4, nominees: 2 });
    for (const code of r.codes.slice(0, 3)) receiptOf(await castBallot(code, ballotOf(r.nominees, ['LOW', 'HIGH'])));

    const staff = (status: string) => ({
      round: { status, ballotsCast: 3, results: [], tallyEntries: [] },
      listed: [{ id: r.roundId, ballotsCast: 3, results: [] }],
      published: [],
      receipts: ['INVALID_TRANSITION'],
    });
    const others = { round: null, listed: [], published: [], receipts: ['INVALID_TRANSITION'] };
    const hidden = (status: string) => ({
      admin: { ...staff(status), verifyTally: [] },
      counter: { ...staff(status), verifyTally: ['FORBIDDEN'] },
      analyst: { ...others, verifyTally: [] },
      auditor: { ...others, verifyTally: [] },
      dashboard: { ...others, verifyTally: ['FORBIDDEN'] },
      // A token with no role of the system is refused outright, not shown an empty list.
      roleless: { round: ['FORBIDDEN'], listed: ['FORBIDDEN'], published: ['FORBIDDEN'], receipts: ['INVALID_TRANSITION'], verifyTally: ['FORBIDDEN'] },
      anonymous: { round: ['UNAUTHENTICATED'], listed: ['UNAUTHENTICATED'], published: ['UNAUTHENTICATED'], receipts: ['INVALID_TRANSITION'], verifyTally: ['UNAUTHENTICATED'] },
    });
    expect(await whatEachRoleSees(r.roundId)).toEqual(hidden('OPEN'));
    dataOf(await gql(START, { r: r.roundId }, 'admin'));
    expect(await whatEachRoleSees(r.roundId)).toEqual(hidden('COUNTING'));

    dataOf(await gql(CLOSE, { r: r.roundId }, 'admin'));
    const closed = await gql<{ partyRound: { results: { counts: Counts }[] } }>(ROUND, { r: r.roundId }, 'counter');
    expect(dataOf(closed).partyRound.results.map((x) => x.counts)).toEqual([
      { high: 0, confident: 0, low: 3, invalid: 0 },
      { high: 3, confident: 0, low: 0, invalid: 0 },
    ]);
    expect(dataOf(await gql<{ partyRound: unknown }>(ROUND, { r: r.roundId }, 'analyst')).partyRound).toBeNull();
    expect(dataOf(await gql<{ verifyPartyRound: Verification }>(VERIFY, { r: r.roundId }, 'analyst')).verifyPartyRound.tally).toHaveLength(2);
    dataOf(await gql(PUBLISH, { r: r.roundId }, 'admin'));
    const published = dataOf(await gql<{ partyRound: { ballotsCast: number; results: unknown[] } }>(ROUND, { r: r.roundId }, 'dashboard')).partyRound;
    expect(published.ballotsCast).toBe(3);
    expect(published.results).toHaveLength(2);
  });
});

describe('tamper evidence (parts 3 and 4)', () => {
  /** A round with `n` ballots cast, in COUNTING; returns the receipts in casting order. */
  async function countedRound(n: number): Promise<PlannedRound & { receipts: string[] }> {
    const r = await electronicRound({ present: n, nominees: 2 });
    const receipts: string[] = [];
    for (const code of r.codes) receipts.push(receiptOf(await castBallot(code, ballotOf(r.nominees, ['HIGH', 'LOW']))));
    dataOf(await gql(START, { r: r.roundId }, 'admin'));
    return { ...r, receipts };
  }

  async function verify(roundId: string): Promise<Verification> {
    return dataOf(await gql<{ verifyPartyRound: Verification }>(VERIFY, { r: roundId }, 'auditor')).verifyPartyRound;
  }

  async function closingRefused(roundId: string, breaks: unknown[]): Promise<void> {
    const res = await gql(CLOSE, { r: roundId }, 'admin');
    expectRefused(res, 'CHAIN_BROKEN', /does not verify/);
    expect(res.errors?.[0]?.extensions?.breaks).toEqual(breaks);
    expect(await stored(roundId)).toMatchObject({ status: 'COUNTING', entries: 0 });
  }

  it('a ballot changed in SQL fails verification, named by position and receipt, and the round cannot close', async () => {
    const r = await countedRound(5);
    expect(await verify(r.roundId)).toMatchObject({ intact: true, breaks: [] });
    await tamper(`UPDATE ballot SET marks = '33' WHERE round_id = $1 AND position = 3`, [r.roundId]);
    const check = await verify(r.roundId);
    const named = [{ position: 3, hash: r.receipts[2], problem: expect.stringContaining('does not match its hash') }];
    expect(check).toMatchObject({ ballots: 5, tokensUsed: 5, intact: false, breaks: named });
    await closingRefused(r.roundId, named);
  });

  it('a ballot rewritten with a fresh hash breaks the link of the next one', async () => {
    const r = await countedRound(4);
    const [row] = (await service.db.query(`SELECT nonce, prev_hash FROM ballot WHERE round_id = $1 AND position = 2`, [r.roundId])) as { nonce: string; prev_hash: string }[];
    const forged = createHash('sha256').update(`tinnhiem-ballot-v1|${r.roundId}|2|${row?.nonce}|33|${row?.prev_hash}`).digest('hex');
    await tamper(`UPDATE ballot SET marks = '33', hash = $2 WHERE round_id = $1 AND position = 2`, [r.roundId, forged]);
    const named = [{ position: 3, hash: r.receipts[2], problem: expect.stringContaining('does not link') }];
    expect(await verify(r.roundId)).toMatchObject({ intact: false, breaks: named });
    // The voter of ballot 2 no longer finds their receipt in the log.
    const [found] = (await service.db.query(`SELECT count(*)::int AS n FROM ballot WHERE hash = $1`, [r.receipts[1]])) as { n: number }[];
    expect(found?.n).toBe(0);
    await closingRefused(r.roundId, named);
  });

  it('a deleted last ballot is found: codes spent and ballots disagree', async () => {
    const r = await countedRound(4);
    await tamper(`DELETE FROM ballot WHERE round_id = $1 AND position = 4`, [r.roundId]);
    const named = [{ position: 0, hash: '', problem: '4 ballot codes were spent but the log holds 3 ballots' }];
    expect(await verify(r.roundId)).toMatchObject({ ballots: 3, tokensUsed: 4, intact: false, breaks: named });
    await closingRefused(r.roundId, named);
  });

  it('a deleted ballot in the middle breaks the positions and the link', async () => {
    const r = await countedRound(4);
    await tamper(`DELETE FROM ballot WHERE round_id = $1 AND position = 2`, [r.roundId]);
    const check = await verify(r.roundId);
    expect(check.intact).toBe(false);
    expect(check.breaks).toEqual([
      { position: 3, hash: r.receipts[2], problem: 'position 3 where 2 was expected' },
      { position: 3, hash: r.receipts[2], problem: 'does not link to the ballot before it' },
      { position: 4, hash: r.receipts[3], problem: 'position 4 where 3 was expected' },
      { position: 0, hash: '', problem: '4 ballot codes were spent but the log holds 3 ballots' },
    ]);
    const res = await gql(CLOSE, { r: r.roundId }, 'admin');
    expectRefused(res, 'CHAIN_BROKEN');
  });

  it('after publication, a changed ballot no longer matches the minutes or the seal', async () => {
    const r = await countedRound(3);
    dataOf(await gql(CLOSE, { r: r.roundId }, 'admin'));
    const { publishPartyRound } = dataOf(await gql<{ publishPartyRound: { sealDigest: string } }>(PUBLISH, { r: r.roundId }, 'admin'));
    expect(publishPartyRound.sealDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(await verify(r.roundId)).toMatchObject({ intact: true, tallyMatchesMinutes: true, sealMatches: true });
    await tamper(`UPDATE ballot SET marks = '11' WHERE round_id = $1 AND position = 1`, [r.roundId]);
    expect(await verify(r.roundId)).toMatchObject({ intact: false, tallyMatchesMinutes: false, sealMatches: false, breaks: [{ position: 1, hash: r.receipts[0] }] });
  });

  it('the database refuses to change or remove a ballot, or to give a code back', async () => {
    const r = await countedRound(2);
    await expect(service.db.query(`UPDATE ballot SET marks = '00' WHERE round_id = $1`, [r.roundId])).rejects.toThrow(/append-only/);
    await expect(service.db.query(`DELETE FROM ballot WHERE round_id = $1`, [r.roundId])).rejects.toThrow(/append-only/);
    await expect(service.db.query(`TRUNCATE ballot`)).rejects.toThrow(/append-only/);
    await expect(service.db.query(`UPDATE ballot_token SET used = false WHERE round_id = $1`, [r.roundId])).rejects.toThrow(/only ever marked used/);
    await expect(service.db.query(`DELETE FROM ballot_token WHERE round_id = $1`, [r.roundId])).rejects.toThrow(/only ever marked used/);
    expect(await stored(r.roundId)).toMatchObject({ ballots: 2, used: 2 });
  });
});

describe('secrecy of the ballot (R2)', () => {
  it('a ballot row holds no voter, code, time or issue-order sequence', async () => {
    const columns = (await service.db.query(
      `SELECT table_name, column_name, data_type, column_default FROM information_schema.columns
        WHERE table_name IN ('ballot', 'ballot_token') ORDER BY table_name, ordinal_position`,
    )) as { table_name: string; column_name: string; data_type: string; column_default: string | null }[];
    expect(columns.map(({ table_name, column_name, data_type, column_default }) => [table_name, column_name, data_type, column_default])).toEqual([
      ['ballot', 'round_id', 'uuid', null],
      ['ballot', 'position', 'integer', null],
      ['ballot', 'nonce', 'text', null],
      ['ballot', 'marks', 'text', null],
      ['ballot', 'prev_hash', 'text', null],
      ['ballot', 'hash', 'text', null],
      ['ballot_token', 'token_hash', 'text', null],
      ['ballot_token', 'round_id', 'uuid', null],
      ['ballot_token', 'used', 'boolean', 'false'],
    ]);
    // Nothing else points at a ballot or a code, and neither points at anything but its round.
    const links = (await service.db.query(
      `SELECT conrelid::regclass::text AS from_table, confrelid::regclass::text AS to_table FROM pg_constraint
        WHERE contype = 'f' AND (conrelid::regclass::text IN ('ballot', 'ballot_token') OR confrelid::regclass::text IN ('ballot', 'ballot_token'))
        ORDER BY 1`,
    )) as { from_table: string; to_table: string }[];
    expect(links).toEqual([{ from_table: 'ballot', to_table: 'round' }, { from_table: 'ballot_token', to_table: 'round' }]);
    // No sequence feeds either table.
    const sequences = (await service.db.query(
      `SELECT d.refobjid::regclass::text AS owner FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
        WHERE d.refobjid::regclass::text IN ('ballot', 'ballot_token')`,
    )) as unknown[];
    expect(sequences).toEqual([]);
  });

  // Spending a code and storing its ballot are one transaction (nothing half-done), so both rows carry one
  // transaction id, and a database reader CAN pair each spent code's row with its ballot. What keeps the
  // ballot secret is that the row cannot be traced to a printed code, nor so to the voter who drew it: the
  // row holds a hash keyed with the service's ballot key, which is not in the database.
  it('a database reader holding the printed codes cannot tell which code cast which ballot', async () => {
    const r = await electronicRound({ present: 6, nominees: 2 });
    const marksByCode = new Map<string, Mark[]>();
    for (const code of r.codes) {
      const marks = randomBallot(r.nominees);
      marksByCode.set(code, marks);
      receiptOf(await castBallot(code, ballotOf(r.nominees, marks)));
    }
    // One code at a time, as at a real conference: the pairing through system columns is exact.
    const paired = (await service.db.query(
      `SELECT t.token_hash, b.marks FROM ballot b JOIN ballot_token t ON t.xmin = b.xmin WHERE b.round_id = $1`,
      [r.roundId],
    )) as { token_hash: string; marks: string }[];
    expect(paired).toHaveLength(6);

    // Without the key, no printed code leads to its row.
    const storedHashes = new Set(paired.map((p) => p.token_hash));
    for (const code of r.codes) for (const hash of keylessHashes(code)) expect(storedHashes.has(hash)).toBe(false);
    // The key is nowhere in the database (every row of every table, as text).
    const tables = (await service.db.query(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    )) as { table_schema: string; table_name: string }[];
    for (const t of tables) {
      const [dump] = (await service.db.query(`SELECT coalesce(string_agg(x::text, E'\\n'), '') AS text FROM "${t.table_schema}"."${t.table_name}" x`)) as { text: string }[];
      expect(dump?.text ?? '').not.toContain(BALLOT_KEY);
    }
    // The control: with the key the pairing is exact, so the test above would catch unkeyed hashes.
    for (const code of r.codes) {
      const row = paired.find((p) => p.token_hash === tokenHash(code));
      expect(row?.marks).toBe(encodeMarks(marksByCode.get(code) ?? []));
    }
  });

  it('a service started with another ballot key says so, and leaves the open round\'s codes unused', async () => {
    const r = await electronicRound({ present: 3, nominees: 1 });
    const stranger = await startAgencyService({ agency: party, databaseUrl, port: 0, auth: TEST_AUTH, ballotKey: randomBytes(32).toString('base64url') });
    try {
      const response = await graphql(stranger.url, CAST, { code: r.codes[0], marks: ballotOf(r.nominees, ['HIGH']) });
      expectRefused(response, 'BALLOT_KEY_CHANGED', /issued under another ballot key .* restore the ballot key/);
    } finally {
      await stranger.stop();
    }
    expect(await stored(r.roundId)).toMatchObject({ ballots: 0, used: 0 });
    // The right key still takes them.
    receiptOf(await castBallot(r.codes[0] as string, ballotOf(r.nominees, ['HIGH'])));
    // Which key a round's codes were issued under is recorded once.
    await expect(service.db.query(`UPDATE round SET ballot_key_id = '0000000000000000' WHERE id = $1`, [r.roundId])).rejects.toThrow(/issued under one key/);
  });

  it('positions follow casting, not the order codes were printed; nonces are random; receipts are listed by value', async () => {
    const r = await electronicRound({ present: 20, nominees: 2 });
    // Voters cast in another order than the sheet: the log knows the casting order only.
    const order = [...r.codes.keys()].sort(() => randomBytes(1)[0]! - 128);
    const receipts: string[] = [];
    for (const i of order) receipts.push(receiptOf(await castBallot(r.codes[i] as string, ballotOf(r.nominees, ['HIGH', 'CONFIDENT']))));
    const rows = (await service.db.query(`SELECT position, nonce, hash FROM ballot WHERE round_id = $1 ORDER BY position`, [r.roundId])) as { position: number; nonce: string; hash: string }[];
    expect(rows.map((x) => x.hash)).toEqual(receipts);
    expect(new Set(rows.map((x) => x.nonce)).size).toBe(20);
    expect(rows.every((x) => /^[0-9a-f]{32}$/.test(x.nonce))).toBe(true);
    // A receipt is not the hash of the code that cast it.
    const codeHashes = new Set(r.codes.map(tokenHash));
    expect(receipts.some((x) => codeHashes.has(x))).toBe(false);

    expectRefused(await gql(RECEIPTS, { r: r.roundId }), 'INVALID_TRANSITION', /published when the round closes/);
    dataOf(await gql(START, { r: r.roundId }, 'admin'));
    dataOf(await gql(CLOSE, { r: r.roundId }, 'admin'));
    // Open to anyone, no token needed; sorted by value, so the list does not tell the casting order (1 in 20! to fail).
    const listed = dataOf(await gql<{ partyBallotReceipts: string[] }>(RECEIPTS, { r: r.roundId })).partyBallotReceipts;
    expect(listed).toEqual([...receipts].sort());
    expect(listed).not.toEqual(receipts);
    expectRefused(await gql(RECEIPTS, { r: randomUUID() }), 'NOT_FOUND');
  });
});
