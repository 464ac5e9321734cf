import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { locateBinaries, reachableBinaries, type Binaries } from './binaries';
import { chownTree, grantTraversal, serverUser, type OsUser } from './os-user';
import { clearStalePostmaster } from './postmaster';

export interface EmbeddedPostgresOptions {
  /** Cluster folder, kept between runs (created if missing). */
  dataDir: string;
  /** Default 0: pick a free loopback port. */
  port?: number;
  /** Receives PostgreSQL's log lines (default: discarded). */
  log?: (line: string) => void;
  /** Default true. false turns off fsync & co.: faster, but a crash can corrupt the cluster (tests only). */
  durable?: boolean;
}

export interface EmbeddedCluster {
  readonly port: number;
  readonly dataDir: string;
  /** postgres://postgres:password@127.0.0.1:port/database */
  url(database: string): string;
  /** CREATE DATABASE if missing. Names must match [a-z_][a-z0-9_]*, at most 63 characters. */
  ensureDatabase(name: string): Promise<void>;
  /** DROP DATABASE IF EXISTS ... WITH (FORCE): open sessions are ended. */
  dropDatabase(name: string): Promise<void>;
  /** Fast shutdown (sessions ended, checkpoint written). Idempotent; safe to call concurrently. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
/** Written after initdb succeeded: holds the superuser's password and marks a complete cluster. */
const PASSWORD_FILE = 'embedded-postgres.password';
const READY = 'database system is ready to accept connections';

// pg ships no type declarations and @types/pg is not installed: type the few calls used here.
interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as { Client: new (config: object) => PgClient };

/** Data folders in use by this process (undefined while starting); stopped on exit without stop(). */
const running = new Map<string, ChildProcess | undefined>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Only the 'exit' event: signal handlers would change how the host reacts to
  // SIGINT/SIGTERM. The kill is synchronous; PostgreSQL completes its shutdown alone.
  process.on('exit', () => {
    for (const child of running.values()) child?.kill('SIGINT');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `command`, sending every output line to `log`; resolves with the exit code and the last lines. */
function run(
  command: string,
  args: string[],
  user: OsUser | undefined,
  log: (line: string) => void,
): Promise<{ code: number | null; tail: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        log(line);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      });
    }
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, tail: tail.join('\n') }));
  });
}

async function initdb(dataDir: string, bins: Binaries, user: OsUser | undefined, durable: boolean, log: (line: string) => void) {
  const password = randomBytes(18).toString('base64url');
  // initdb reads the password from a file the server user can open.
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-postgres-'));
  const pwFile = path.join(pwDir, 'pw');
  try {
    fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (user) {
      fs.chownSync(pwDir, user.uid, user.gid);
      fs.chownSync(pwFile, user.uid, user.gid);
    }
    const args = [`--pgdata=${dataDir}`, `--username=${SUPERUSER}`, '--auth=scram-sha-256', `--pwfile=${pwFile}`];
    // C collation: identical results on every machine, independent of installed OS locales.
    args.push('--encoding=UTF8', '--locale=C', '--no-instructions', ...(durable ? [] : ['--no-sync']));
    const { code, tail } = await run(bins.initdb, args, user, log);
    if (code !== 0) throw new Error(`initdb failed (exit ${code}) for ${dataDir}:\n${tail}`);
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
  const passwordPath = path.join(dataDir, PASSWORD_FILE);
  fs.writeFileSync(passwordPath, password, { mode: 0o600 });
  if (user) fs.chownSync(passwordPath, user.uid, user.gid);
}

/** Starts the postmaster; resolves once it accepts connections, rejects with its last lines if it exits first. */
function startPostmaster(
  dataDir: string,
  port: number,
  bins: Binaries,
  user: OsUser | undefined,
  durable: boolean,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const settings = [
    'listen_addresses=127.0.0.1',
    'unix_socket_directories=', // TCP on loopback only: no socket file in /tmp or elsewhere
    'lc_messages=C', // READY below is matched in English
    ...(durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ];
  const args = ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])];
  // detached: the host's terminal Ctrl+C must not stop the database under a host
  // that is still draining; the host stops it through stop().
  const child = spawn(bins.postgres, args, { ...user, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    let ready = false;
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        log(line);
        if (ready) return;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (line.includes(READY)) {
          ready = true;
          resolve(child);
        }
      });
    }
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`postgres exited (${signal ?? code}) while starting on ${dataDir}:\n${tail.join('\n')}`));
      else if (running.get(dataDir) === child) {
        // Not through stop(), which unregisters the child first.
        running.delete(dataDir);
        log(`postgres exited unexpectedly (${signal ?? code})`);
      }
    });
  });
}

async function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // It was unref'ed; keep the event loop alive until it is really gone.
  child.ref();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT'); // fast shutdown: ends sessions, writes a checkpoint, removes postmaster.pid
  const escalate = setTimeout(() => child.kill('SIGQUIT'), 30_000);
  await exited;
  clearTimeout(escalate);
}

function validateName(name: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name.length > 63) {
    throw new Error(`invalid database name ${JSON.stringify(name)}: use [a-z_][a-z0-9_]*, at most 63 characters`);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedCluster> {
  const log = options.log ?? (() => {});
  const durable = options.durable ?? true;

  const absolute = path.resolve(options.dataDir);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  fs.mkdirSync(absolute, { recursive: true, mode: 0o700 });
  const dataDir = fs.realpathSync(absolute);
  if (running.has(dataDir)) throw new Error(`a cluster is already running on ${dataDir} in this process`);
  running.set(dataDir, undefined);
  try {
    return await startCluster(dataDir, options.port ?? 0, durable, log);
  } catch (err) {
    running.delete(dataDir);
    throw err;
  }
}

async function startCluster(
  dataDir: string,
  port: number,
  durable: boolean,
  log: (line: string) => void,
): Promise<EmbeddedCluster> {
  const user = serverUser(log);
  if (user) {
    grantTraversal(dataDir, user, log);
    chownTree(dataDir, user);
  }
  const bins = await reachableBinaries(await locateBinaries(), user, log);
  await clearStalePostmaster(dataDir, log);

  // initdb refuses a non-empty folder: an existing cluster is reused as it is.
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initdb(dataDir, bins, user, durable, log);
  let password: string;
  try {
    password = fs.readFileSync(path.join(dataDir, PASSWORD_FILE), 'utf8').trim();
  } catch {
    throw new Error(
      `${dataDir} holds a cluster without ${PASSWORD_FILE}: its initialisation was interrupted or another tool made it; delete the folder to start afresh`,
    );
  }

  let child: ChildProcess;
  for (let attempt = 1; ; attempt++) {
    const chosen = port || (await freePort());
    try {
      child = await startPostmaster(dataDir, chosen, bins, user, durable, log);
      port = chosen;
      break;
    } catch (err) {
      // A free port can be taken between our probe and PostgreSQL's bind: pick another.
      if (port !== 0 || attempt === 3 || !String(err).includes('Address already in use')) throw err;
    }
  }
  running.set(dataDir, child);
  installExitHook();
  // Do not keep the host alive just for the database: a host that ends without
  // stop() still stops it through the exit hook.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as net.Socket | null)?.unref();

  let stopping: Promise<void> | undefined;

  async function withClient<T>(work: (client: PgClient) => Promise<T>): Promise<T> {
    if (stopping) throw new Error(`the cluster on ${dataDir} is stopped`);
    const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
    client.on('error', () => {}); // a session ended by the server must not crash the host
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  return {
    port,
    dataDir,
    url: (database) =>
      `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    ensureDatabase: async (name) => {
      validateName(name);
      await withClient(async (client) => {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount) return;
        try {
          await client.query(`CREATE DATABASE "${name}"`);
        } catch (err) {
          // A concurrent ensureDatabase created it first.
          const code = (err as { code?: string }).code;
          if (code !== '42P04' && code !== '23505') throw err;
        }
      });
    },
    dropDatabase: async (name) => {
      validateName(name);
      if (name === 'postgres' || name === 'template0' || name === 'template1') {
        throw new Error(`refusing to drop the system database ${name}`);
      }
      await withClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
    stop() {
      if (!stopping) {
        if (running.get(dataDir) === child) running.delete(dataDir);
        stopping = stopPostmaster(child);
      }
      return stopping;
    },
  };
}
