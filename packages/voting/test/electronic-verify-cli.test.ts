import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgencyService, type AgencyService } from '@tinnhiem/voting';
import { createTestDatabase } from '../../../tests/support/databases';
import { dataOf, graphql, TEST_AUTH, tokenFor } from '../../../tests/support/graphql';

// The verification command (issue 4, part 4), run as a separate process from the built dist file,
// the way an auditor runs it: against a database it may only read.

const CLI = join(resolve(__dirname, '..'), 'dist', 'verify-cli.js');
const party = { id: 'party', name: 'Ban Chấp hành Đảng bộ thành phố (test)', rulebook: 'QD96' } as const;

let service: AgencyService;
let url: string;
let adminUrl: string;
/** The same database as a login that can only read it. */
let readOnlyUrl: string;
let admin: string;
let readOnlyRole: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function verify(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string) => graphql<T>(url, query, variables, token);

/** An electronic round with its ballots cast: marks[i] is ballot i, one letter per nominee (H, C, L, B). */
async function roundWithBallots(names: string[], ballots: string[], present = ballots.length): Promise<{ roundId: string; receipts: string[] }> {
  const { createPartyRound } = dataOf(await gql<{ createPartyRound: { id: string } }>(
    `mutation($input: RoundPlanInput!) { createPartyRound(input: $input) { id } }`,
    { input: { mode: 'ELECTRONIC', title: 'Lấy phiếu tín nhiệm điện tử', body: 'Ban Chấp hành', year: 2023, summoned: present } }, admin));
  const roundId = createPartyRound.id;
  const nominees: string[] = [];
  for (const [i, fullName] of names.entries()) {
    const { addPartyNominee } = dataOf(await gql<{ addPartyNominee: { id: string } }>(
      `mutation($r: ID!, $input: NomineeInput!) { addPartyNominee(roundId: $r, input: $input) { id } }`,
      { r: roundId, input: { officialCode: `VC-${roundId.slice(0, 4)}-${i + 1}`, fullName, posts: ['Ủy viên'], managedBy: 'STANDING_BOARD' } }, admin));
    nominees.push(addPartyNominee.id);
  }
  dataOf(await gql(`mutation($r: ID!, $p: Int!) { openPartyRound(roundId: $r, present: $p) { status } }`, { r: roundId, p: present }, admin));
  const { issuePartyBallotCodes } = dataOf(await gql<{ issuePartyBallotCodes: { codes: string[] } }>(
    `mutation($r: ID!) { issuePartyBallotCodes(roundId: $r) { codes } }`, { r: roundId }, admin));
  const mark = { H: 'HIGH', C: 'CONFIDENT', L: 'LOW', B: 'BLANK' } as Record<string, string>;
  const receipts: string[] = [];
  for (const [i, ballot] of ballots.entries()) {
    const marks = nominees.map((nomineeId, j) => ({ nomineeId, mark: mark[ballot[j] ?? 'B'] }));
    const res = await gql<{ castPartyBallot: { receipt: string } }>(
      `mutation($code: String!, $marks: [BallotMarkInput!]!) { castPartyBallot(code: $code, marks: $marks) { receipt } }`,
      { code: issuePartyBallotCodes.codes[i], marks });
    receipts.push(dataOf(res).castPartyBallot.receipt);
  }
  return { roundId, receipts };
}

const step = (name: 'startPartyCounting' | 'closePartyRound' | 'publishPartyRound', roundId: string) =>
  gql(`mutation($r: ID!) { ${name}(roundId: $r) { status } }`, { r: roundId }, admin).then(dataOf);

async function tamper(sql: string, params: unknown[]): Promise<void> {
  await service.db.query(`ALTER TABLE ballot DISABLE TRIGGER ballot_append_only`);
  try {
    await service.db.query(sql, params);
  } finally {
    await service.db.query(`ALTER TABLE ballot ENABLE TRIGGER ballot_append_only`);
  }
}

beforeAll(async () => {
  adminUrl = await createTestDatabase('verify_cli');
  service = await startAgencyService({ agency: party, databaseUrl: adminUrl, port: 0, auth: TEST_AUTH });
  url = service.url;
  admin = await tokenFor({ subject: 'a1', name: 'Admin', roles: ['party:admin'] });
  // An auditor's login: it may read every table and change none.
  readOnlyRole = `auditor_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const database = new URL(adminUrl).pathname.slice(1);
  await service.db.query(`CREATE ROLE ${readOnlyRole} LOGIN PASSWORD '${password}'`);
  await service.db.query(`GRANT CONNECT ON DATABASE ${database} TO ${readOnlyRole}`);
  await service.db.query(`GRANT USAGE ON SCHEMA public TO ${readOnlyRole}`);
  await service.db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${readOnlyRole}`);
  const ro = new URL(adminUrl);
  ro.username = readOnlyRole;
  ro.password = password;
  readOnlyUrl = ro.toString();
});

afterAll(async () => {
  await service?.stop();
});

describe('npm run verify', () => {
  let published: { roundId: string; receipts: string[] };

  beforeAll(async () => {
    published = await roundWithBallots(['Nguyễn Văn Thử', 'Trần Thị Mẫu'], ['LH', 'LB', 'CH', 'HH']);
    await step('startPartyCounting', published.roundId);
    await step('closePartyRound', published.roundId);
    await step('publishPartyRound', published.roundId);
  });

  it('reports an intact, published round with a read-only login: ballots, head, tally with names, minutes and seal; exit 0', async () => {
    const run = await verify(['--database-url', readOnlyUrl, '--round', published.roundId]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [sealRow] = (await service.db.query(`SELECT seal_digest FROM round WHERE id = $1`, [published.roundId])) as { seal_digest: string }[];
    const [head] = (await service.db.query(`SELECT hash FROM ballot WHERE round_id = $1 AND position = 4`, [published.roundId])) as { hash: string }[];
    expect(head?.hash).toBe(published.receipts[3]);
    expect(run.stdout).toContain(`Round ${published.roundId}`);
    expect(run.stdout).toMatch(/Ballots in the log: +4\n/);
    expect(run.stdout).toMatch(/Ballot codes spent: +4\n/);
    expect(run.stdout).toContain(`Chain head:          ${published.receipts[3]}`);
    expect(run.stdout).toMatch(/Chain intact: +yes\n/);
    expect(run.stdout).toMatch(/1\. Nguyễn Văn Thử \(VC-.{4}-1\) +HIGH 1 {2}CONFIDENT 1 {2}LOW 2 {2}blank 0\n/);
    expect(run.stdout).toMatch(/2\. Trần Thị Mẫu \(VC-.{4}-2\) +HIGH 3 {2}CONFIDENT 0 {2}LOW 0 {2}blank 1\n/);
    expect(run.stdout).toMatch(/Tally vs minutes: +match\n/);
    expect(run.stdout).toContain(`Seal:                matches (${sealRow?.seal_digest})`);
    expect(run.stdout).toContain('VERIFIED');
    expect(run.stdout).not.toContain('Breaks');
  });

  it('takes the database from DATABASE_URL, and prints JSON on request', async () => {
    const run = await verify(['--round', published.roundId, '--json'], { DATABASE_URL: readOnlyUrl });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      ballots: 4,
      tokensUsed: 4,
      head: published.receipts[3],
      intact: true,
      breaks: [],
      tallyMatchesMinutes: true,
      sealMatches: true,
      verified: true,
      round: { id: published.roundId, status: 'PUBLISHED', summoned: 4, present: 4, tokensIssued: 4 },
    });
    expect((report.tally as { counts: unknown }[]).map((t) => t.counts)).toEqual([
      { high: 1, confident: 1, low: 2, invalid: 0 },
      { high: 3, confident: 0, low: 0, invalid: 1 },
    ]);
  });

  it('an open round: the chain is verified, the tally withheld; exit 0', async () => {
    const open = await roundWithBallots(['Lê Văn Mở'], ['L', 'H'], 3);
    const run = await verify(['--database-url', readOnlyUrl, '--round', open.roundId]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Ballots in the log: +2\n/);
    expect(run.stdout).toMatch(/Chain intact: +yes\n/);
    expect(run.stdout).toContain('withheld while the round is OPEN');
    expect(run.stdout).not.toContain('Lê Văn Mở');
    expect(run.stdout).toMatch(/Tally vs minutes: +no minutes yet/);
    expect(run.stdout).toMatch(/Seal: +not sealed yet/);
  });

  it('a ballot changed in SQL: the break names the ballot by position and receipt, the minutes and the seal disagree; exit 1', async () => {
    const r = await roundWithBallots(['Phạm Văn Sửa', 'Võ Thị Giữ'], ['HH', 'CC', 'LL']);
    await step('startPartyCounting', r.roundId);
    await step('closePartyRound', r.roundId);
    await step('publishPartyRound', r.roundId);
    await tamper(`UPDATE ballot SET marks = '31' WHERE round_id = $1 AND position = 2`, [r.roundId]);
    const run = await verify(['--database-url', readOnlyUrl, '--round', r.roundId]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Chain intact: +NO\n/);
    expect(run.stdout).toContain(`ballot 2 (receipt ${r.receipts[1]}): its content does not match its hash: the ballot was changed`);
    expect(run.stdout).toMatch(/Phạm Văn Sửa .* HIGH 1 {2}CONFIDENT 0 {2}LOW 2 {2}blank 0 {3}minutes say: HIGH 1 {2}CONFIDENT 1 {2}LOW 1 {2}blank 0/);
    expect(run.stdout).toMatch(/Tally vs minutes: +DIFFER\n/);
    expect(run.stdout).toMatch(/Seal: +DOES NOT MATCH/);
    expect(run.stdout).toContain('NOT VERIFIED');
  });

  it('a deleted ballot: codes spent and ballots disagree; exit 1', async () => {
    const r = await roundWithBallots(['Đỗ Văn Xóa'], ['H', 'L', 'C'], 3);
    await step('startPartyCounting', r.roundId);
    await tamper(`DELETE FROM ballot WHERE round_id = $1 AND position = 3`, [r.roundId]);
    const run = await verify(['--database-url', readOnlyUrl, '--round', r.roundId]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('the log as a whole: 3 ballot codes were spent but the log holds 2 ballots');
  });

  it('bad arguments and nothing to verify: exit 2 with a message, nothing printed as a verdict', async () => {
    const paper = dataOf(await gql<{ createPartyRound: { id: string } }>(
      `mutation { createPartyRound(input: { title: "Giấy", body: "Ban Chấp hành", year: 2023, summoned: 3 }) { id } }`, {}, admin)).createPartyRound.id;
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['--database-url', readOnlyUrl], {}, /--round <round id>/],
      [['--round', published.roundId], {}, /DATABASE_URL/],
      [['--database-url', readOnlyUrl, '--round', 'not-a-uuid'], {}, /not a round id/],
      [['--database-url', readOnlyUrl, '--round', published.roundId, '--fix'], {}, /Unknown option '--fix'/],
      [['--database-url', 'mysql://x', '--round', published.roundId], {}, /must start with postgres:\/\//],
      [['--database-url', readOnlyUrl, '--round', randomUUID()], {}, /No round with id/],
      [['--database-url', readOnlyUrl, '--round', paper], {}, /counted on paper/],
      [['--database-url', 'postgres://nobody:wrong@127.0.0.1:1/none', '--round', published.roundId], {}, /Cannot connect to the database/],
    ];
    for (const [args, env, message] of cases) {
      const run = await verify(args, env);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr).toMatch(message);
    }
    const help = await verify(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run verify');
  });

  it('runs no migration and writes nothing: a login without write rights is enough', async () => {
    const [before] = (await service.db.query(`SELECT count(*)::int AS n FROM migrations`)) as { n: number }[];
    const run = await verify(['--database-url', readOnlyUrl, '--round', published.roundId]);
    expect(run.code).toBe(0);
    const [after] = (await service.db.query(`SELECT count(*)::int AS n FROM migrations`)) as { n: number }[];
    expect(after).toEqual(before);
    const [privileges] = (await service.db.query(
      `SELECT has_table_privilege($1, 'ballot', 'INSERT') AS insert, has_table_privilege($1, 'round', 'UPDATE') AS update`, [readOnlyRole])) as { insert: boolean; update: boolean }[];
    expect(privileges).toEqual({ insert: false, update: false });
  });
});
