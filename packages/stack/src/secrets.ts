import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The one-command start protects itself without asking the operator for
 * secrets: each one is generated on first start and kept, readable by the
 * owner only, in the data folder, so a restart finds the same secrets (an
 * open round's ballot codes stay valid, for one).
 */
export function loadOrCreateSecret(dir: string, name: string): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`A secret's name is lower-case letters, digits and dashes, got "${name}".`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const path = join(dir, name);
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= 32) return existing;
    throw new Error(`The secret in ${path} is shorter than 32 characters: remove the file to have a new one generated.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  // 'wx': two starts racing on a new folder must not both write a secret.
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(dir, name);
    throw error;
  }
  return secret;
}

/** A secret for one run only, when there is no data folder to keep it in (tests, benchmarks). */
export function ephemeralSecret(): string {
  return randomBytes(32).toString('base64url');
}
