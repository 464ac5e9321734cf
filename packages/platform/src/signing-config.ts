import { isProduction } from './config';
import type { Logger } from './logger';

/**
 * The secrets of signed subgraph requests (see signing.ts), from the
 * environment: a subgraph reads its own as SUBGRAPH_SECRET; a caller (the
 * gateway, the board) reads each called subgraph's as `<NAME>_SUBGRAPH_SECRET`.
 * In production (NODE_ENV=production) a missing one stops the service, since
 * it would leave a subgraph open to anyone who reaches it.
 */
export function subgraphSecretFromEnvironment(log: Pick<Logger, 'warn'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const secret = secretFrom(env, 'SUBGRAPH_SECRET', 'this subgraph refuses requests that are not signed with it');
  if (!secret) log.warn('SUBGRAPH_SECRET is not set: this subgraph serves unsigned requests from anyone who reaches it (development only).');
  return secret;
}

/** The secret of each named subgraph this service calls, by name. */
export function calledSubgraphSecretsFromEnvironment<N extends string>(
  names: readonly N[],
  env: NodeJS.ProcessEnv = process.env,
): Partial<Record<N, string>> {
  const secrets: Partial<Record<N, string>> = {};
  for (const name of names) {
    const secret = secretFrom(env, `${name.toUpperCase()}_SUBGRAPH_SECRET`, `requests to the ${name} subgraph are signed with it (the same value as its SUBGRAPH_SECRET)`);
    if (secret) secrets[name] = secret;
  }
  return secrets;
}

function secretFrom(env: NodeJS.ProcessEnv, variable: string, purpose: string): string | undefined {
  const secret = env[variable] || undefined;
  if (secret === undefined) {
    if (isProduction(env)) throw new Error(`NODE_ENV=production needs ${variable}: ${purpose}. Generate one with \`openssl rand -hex 32\`.`);
    return undefined;
  }
  if (secret.length < 32) throw new Error(`${variable} must be at least 32 characters long (it has ${secret.length}); for example \`openssl rand -hex 32\`.`);
  return secret;
}
