import { authSettings, DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER, jwksAuthSettings, type AuthSettings } from './auth';
import { DEVELOPMENT_JWT_SECRET, isProduction } from './config';

/**
 * How every service verifies access tokens, from one reading of the
 * environment (the gateway, each subgraph and `npm start` agree by
 * construction):
 *
 * - `JWT_SECRET`: a shared HS256 secret of at least 32 characters;
 * - `JWT_JWKS_URL`: an identity provider's public keys (RS256, ES256);
 * - `JWT_ISSUER`, `JWT_AUDIENCE`: the claims every token must carry (default `tinnhiem`).
 *
 * Outside production, neither secret nor JWKS means the development secret, so
 * that a checkout runs as it is. In production (NODE_ENV=production) that
 * fallback, the development secret itself, and keys fetched over plain HTTP are
 * refused: the service does not start.
 */
export function authFromEnvironment(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  const secret = env.JWT_SECRET || undefined;
  const jwksUrl = env.JWT_JWKS_URL || undefined;
  const issuer = env.JWT_ISSUER || DEFAULT_JWT_ISSUER;
  const audience = env.JWT_AUDIENCE || DEFAULT_JWT_AUDIENCE;

  if (isProduction(env)) {
    if (!secret && !jwksUrl) {
      throw new Error(
        'NODE_ENV=production needs a way to verify access tokens: set JWT_JWKS_URL to your identity provider’s key set, '
          + 'or JWT_SECRET to a secret of at least 32 characters (for example `openssl rand -hex 32`).',
      );
    }
    if (secret === DEVELOPMENT_JWT_SECRET) {
      throw new Error(
        'JWT_SECRET is the development secret, which is published in the source code; NODE_ENV=production refuses it. '
          + 'Set a secret of your own (for example `openssl rand -hex 32`), the same in the gateway and every subgraph.',
      );
    }
  }
  if (secret !== undefined && secret.length < 32) {
    throw new Error(`JWT_SECRET must be at least 32 characters long (it has ${secret.length}); for example \`openssl rand -hex 32\`.`);
  }

  const fromSecret = secret ?? (jwksUrl ? undefined : DEVELOPMENT_JWT_SECRET);
  return {
    ...(fromSecret ? authSettings(fromSecret, issuer, audience) : {}),
    ...(jwksUrl ? jwksAuthSettings(jwksUrlOf(jwksUrl, isProduction(env)), issuer, audience) : {}),
    issuer,
    audience,
  };
}

function jwksUrlOf(value: string, production: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`JWT_JWKS_URL is not a URL: "${value}". Give the identity provider's key set, e.g. https://idp.example/.well-known/jwks.json.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`JWT_JWKS_URL must be an https URL, got "${value}".`);
  // Keys fetched over plain HTTP can be swapped on the way, and with them every token accepted.
  if (production && url.protocol !== 'https:') throw new Error(`NODE_ENV=production fetches the token keys over HTTPS only; JWT_JWKS_URL is "${value}".`);
  return url;
}
