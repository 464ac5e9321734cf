import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` is a postmaster serving `dataDir` (and not an unrelated process that reused the pid). */
function servesDataDir(pid: number, dataDir: string): boolean {
  try {
    if (fs.existsSync('/proc/self/cwd')) {
      // The postmaster chdirs into its data folder. Fails for dead or zombie processes too.
      return fs.readlinkSync(`/proc/${pid}/cwd`) === dataDir;
    }
    const command = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return command.includes('postgres') && command.includes(dataDir);
  } catch {
    return false;
  }
}

/**
 * A SIGKILLed host leaves its postmaster running (it is detached), and a crash or
 * reboot leaves a stale postmaster.pid. Before starting: stop a postmaster that
 * still serves `dataDir` (fast shutdown, as pg_ctl stop -m fast), then remove
 * whatever pid file is left, as a pid reused by another process would make
 * PostgreSQL refuse to start.
 */
export async function clearStalePostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let text: string;
  try {
    text = fs.readFileSync(pidFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const pid = Number(text.split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && servesDataDir(pid, dataDir)) {
    log(`stopping the postgres left running on ${dataDir} (pid ${pid})`);
    process.kill(pid, 'SIGINT');
    // It removes postmaster.pid as it exits; a zombie (no reaper) keeps its pid alive.
    for (let waited = 0; isAlive(pid) && fs.existsSync(pidFile); waited += 50) {
      if (waited === 30_000) process.kill(pid, 'SIGQUIT');
      if (waited > 60_000) throw new Error(`postgres pid ${pid} on ${dataDir} does not stop`);
      await sleep(50);
    }
  } else {
    log(`removing stale ${pidFile} (pid ${pid} is not a postgres for this folder)`);
  }
  fs.rmSync(pidFile, { force: true });
}
