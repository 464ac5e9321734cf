import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { authSettings, DEVELOPMENT_JWT_SECRET, issueToken } from '@tinnhiem/platform';
import { dataOf, errorCodes, graphql } from '../support/graphql';

const ROOT = resolve(__dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'tinnhiem-start-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: string;
  gatewayUrl: string;
  tokens: Record<string, string>;
}

/** Runs what `npm start` runs, with its own data folder and ports, and waits for the banner. */
async function start(): Promise<Started> {
  const ports = await Promise.all([0, 1, 2, 3, 4].map(() => freePort()));
  const [gateway, party, council, committee, board] = ports.map(String);
  const child = spawn(process.execPath, [join(ROOT, 'packages/stack/dist/main.js')], {
    env: {
      ...process.env,
      TINNHIEM_DATA_DIR: dataDir,
      GATEWAY_PORT: gateway, PARTY_PORT: party, COUNCIL_PORT: council, COMMITTEE_PORT: committee, BOARD_PORT: board,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`no banner after 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => failed(new Error(`exited with ${code}:\n${output}`)));
  });
  const tokens = Object.fromEntries([...output.matchAll(/^ {2}(\w+)\s+(eyJ\S+)$/gm)].map((m) => [m[1], m[2]]));
  const gatewayUrl = /Gateway ready at (\S+)/.exec(output)?.[1] ?? '';
  return { child, output, gatewayUrl, tokens };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGINT');
  });
}

const ROUNDS = `{ partyRounds { total items { id title status } } }`;

/** An open electronic round with one nominee and its printed codes. */
async function openElectronicRound(gatewayUrl: string, adminToken: string | undefined): Promise<{ nomineeId: string; codes: string[] }> {
  const { createPartyRound: round } = dataOf(await graphql<{ createPartyRound: { id: string } }>(gatewayUrl,
    `mutation { createPartyRound(input: { mode: ELECTRONIC, title: "Khởi động lại giữa phiên", body: "Ban Chấp hành Đảng bộ thành phố", year: 2023, summoned: 2 }) { id } }`,
    {}, adminToken));
  const { addPartyNominee: nominee } = dataOf(await graphql<{ addPartyNominee: { id: string } }>(gatewayUrl,
    `mutation($r: ID!) { addPartyNominee(roundId: $r, input: { officialCode: "RS-1", fullName: "Lâm Văn Khởi", posts: ["Ủy viên Ban Thường vụ"], managedBy: STANDING_BOARD }) { id } }`,
    { r: round.id }, adminToken));
  dataOf(await graphql(gatewayUrl, `mutation($r: ID!) { openPartyRound(roundId: $r, present: 2) { status } }`, { r: round.id }, adminToken));
  const { issuePartyBallotCodes: sheet } = dataOf(await graphql<{ issuePartyBallotCodes: { codes: string[] } }>(gatewayUrl,
    `mutation($r: ID!) { issuePartyBallotCodes(roundId: $r) { codes } }`, { r: round.id }, adminToken));
  return { nomineeId: nominee.id, codes: sheet.codes };
}

const CAST = `mutation($code: String!, $marks: [BallotMarkInput!]!) { castPartyBallot(code: $code, marks: $marks) { receipt } }`;

describe('npm start', () => {
  it('starts everything with demo data and tokens, stops cleanly on Ctrl-C, and finds the same data next time', async () => {
    const first = await start();
    expect(first.gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(Object.keys(first.tokens)).toEqual(expect.arrayContaining(['partyAdmin', 'partyCounter1', 'boardAnalyst', 'dashboardReader']));
    const before = dataOf(await graphql<{ partyRounds: { total: number; items: { id: string }[] } }>(first.gatewayUrl, ROUNDS, {}, first.tokens.partyAdmin));
    expect(before.partyRounds.total).toBe(1);
    // The printed tokens are signed with this installation's own secret: one made with the secret
    // published in the source code is refused.
    const forged = await issueToken(authSettings(DEVELOPMENT_JWT_SECRET), { subject: 'x', name: 'x', roles: ['party:admin'] });
    expect(errorCodes(await graphql(first.gatewayUrl, ROUNDS, {}, forged))).toEqual(['UNAUTHENTICATED']);
    // A conference voting electronically when the machine restarts.
    const electronic = await openElectronicRound(first.gatewayUrl, first.tokens.partyAdmin);
    const roundsBefore = dataOf(await graphql<typeof before>(first.gatewayUrl, ROUNDS, {}, first.tokens.partyAdmin));

    expect(await stop(first.child)).toBe(0);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    // The secrets it generated are kept in the data folder, readable by the owner only.
    const secrets = join(dataDir, 'secrets');
    expect(statSync(secrets).mode & 0o777).toBe(0o700);
    expect(readdirSync(secrets)).toEqual(expect.arrayContaining(['jwt-secret', 'party-ballot-key', 'council-ballot-key', 'committee-ballot-key']));
    for (const file of readdirSync(secrets)) expect(statSync(join(secrets, file)).mode & 0o777).toBe(0o600);

    const second = await start();
    try {
      const after = dataOf(await graphql<typeof before>(second.gatewayUrl, ROUNDS, {}, second.tokens.partyAdmin));
      expect(after).toEqual(roundsBefore);
      // The same ballot key: the codes printed before the restart still cast their ballots.
      const cast = await graphql<{ castPartyBallot: { receipt: string } }>(second.gatewayUrl, CAST,
        { code: electronic.codes[0], marks: [{ nomineeId: electronic.nomineeId, mark: 'HIGH' }] });
      expect(dataOf(cast).castPartyBallot.receipt).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  });
});
