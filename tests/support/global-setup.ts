import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedCluster } from '@tinnhiem/platform';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server where tests may create databases: embedded, or TEST_DATABASE_URL. */
    postgresUrl: string;
  }
}

/**
 * One real PostgreSQL for the whole run; every test file makes its own
 * databases in it. Set TEST_DATABASE_URL to use an external server instead
 * (its user needs CREATEDB).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return async () => undefined;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tinnhiem-test-pg-'));
  let cluster: EmbeddedCluster | undefined;
  try {
    cluster = await startEmbeddedPostgres({ dataDir, durable: false });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('postgresUrl', cluster.url('postgres'));
  return async () => {
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
