import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DEVELOPMENT_JWT_SECRET } from '@tinnhiem/platform';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const GOOD = 'a-production-secret-that-is-long-enough-0123456789';
const SUBGRAPH_SECRETS = {
  PARTY_SUBGRAPH_SECRET: `party-${GOOD}`,
  COUNCIL_SUBGRAPH_SECRET: `council-${GOOD}`,
  COMMITTEE_SUBGRAPH_SECRET: `committee-${GOOD}`,
  BOARD_SUBGRAPH_SECRET: `board-${GOOD}`,
};

/**
 * Runs a service's entry point as docker-compose does, with only the given
 * variables, and waits for it to exit: each case must refuse before it
 * listens or touches a database (the database URL leads nowhere).
 */
function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [join(ROOT, entry)], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      failed(new Error(`${entry} still running after 20 s:\n${output}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('in production mode (NODE_ENV=production), a service refuses to start', () => {
  it('the gateway, with no JWT secret or JWKS URL, with the development secret, or with a short one', async () => {
    const none = await run('gateway/dist/main.js', SUBGRAPH_SECRETS);
    expect(none.code).toBe(1);
    expect(none.output).toContain('NODE_ENV=production needs a way to verify access tokens: set JWT_JWKS_URL');
    const development = await run('gateway/dist/main.js', { ...SUBGRAPH_SECRETS, JWT_SECRET: DEVELOPMENT_JWT_SECRET });
    expect(development.code).toBe(1);
    expect(development.output).toContain('JWT_SECRET is the development secret');
    const short = await run('gateway/dist/main.js', { ...SUBGRAPH_SECRETS, JWT_SECRET: 'too-short' });
    expect(short.code).toBe(1);
    expect(short.output).toContain('JWT_SECRET must be at least 32 characters long');
  });

  it('the gateway, without the secret of a subgraph it signs for', async () => {
    const { BOARD_SUBGRAPH_SECRET: _, ...withoutBoard } = SUBGRAPH_SECRETS;
    const answer = await run('gateway/dist/main.js', { ...withoutBoard, JWT_SECRET: GOOD });
    expect(answer.code).toBe(1);
    expect(answer.output).toContain('NODE_ENV=production needs BOARD_SUBGRAPH_SECRET');
  });

  it('an agency subgraph, with the development secret or without SUBGRAPH_SECRET', async () => {
    const base = { BALLOT_KEY: `ballot-${GOOD}` };
    const development = await run('subgraphs/party/dist/main.js', { ...base, JWT_SECRET: DEVELOPMENT_JWT_SECRET, SUBGRAPH_SECRET: SUBGRAPH_SECRETS.PARTY_SUBGRAPH_SECRET });
    expect(development.code).toBe(1);
    expect(development.output).toContain('JWT_SECRET is the development secret');
    const unsigned = await run('subgraphs/council/dist/main.js', { ...base, JWT_SECRET: GOOD });
    expect(unsigned.code).toBe(1);
    expect(unsigned.output).toContain('NODE_ENV=production needs SUBGRAPH_SECRET');
  });

  it('the board subgraph, without SUBGRAPH_SECRET or without an agency’s secret for its reads', async () => {
    const unsigned = await run('subgraphs/board/dist/main.js', { ...SUBGRAPH_SECRETS, JWT_SECRET: GOOD });
    expect(unsigned.code).toBe(1);
    expect(unsigned.output).toContain('NODE_ENV=production needs SUBGRAPH_SECRET');
    const { COMMITTEE_SUBGRAPH_SECRET: _, ...withoutCommittee } = SUBGRAPH_SECRETS;
    const reads = await run('subgraphs/board/dist/main.js', { ...withoutCommittee, JWT_SECRET: GOOD, SUBGRAPH_SECRET: SUBGRAPH_SECRETS.BOARD_SUBGRAPH_SECRET });
    expect(reads.code).toBe(1);
    expect(reads.output).toContain('NODE_ENV=production needs COMMITTEE_SUBGRAPH_SECRET');
  });

  it('npm start, with the development secret', async () => {
    const answer = await run('packages/stack/dist/main.js', { JWT_SECRET: DEVELOPMENT_JWT_SECRET, TINNHIEM_DATA_DIR: join(ROOT, '.tmp', 'never-created') });
    expect(answer.code).toBe(1);
    expect(answer.output).toContain('JWT_SECRET is the development secret');
  });
});
