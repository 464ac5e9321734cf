import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { DomainError } from './errors';

/**
 * Roles travel in the token as strings:
 *   `<agency>:admin`, `<agency>:counter` (agency = party | council | committee),
 *   `board:analyst`, `dashboard:reader`, `auditor`.
 * A voter holds a ballot token, never an account.
 */
export type Role = string;

export interface Viewer {
  readonly subject: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

/** Tokens name this system as issuer and audience unless configured otherwise (JWT_ISSUER, JWT_AUDIENCE). */
export const DEFAULT_JWT_ISSUER = 'tinnhiem';
export const DEFAULT_JWT_AUDIENCE = 'tinnhiem';

/** What an identity provider may sign with; HS256 is kept for the shared secret alone. */
export const JWKS_ALGORITHMS = ['RS256', 'ES256'] as const;

export interface AuthSettings {
  readonly issuer: string;
  readonly audience: string;
  /** A shared HS256 secret (the embedded setup, tests): verifies tokens, and signs development ones. */
  readonly secret?: Uint8Array;
  /** An identity provider's public keys (RS256, ES256), fetched from its JWKS URL; jose caches them. */
  readonly jwks?: JWTVerifyGetKey;
}

export function authSettings(secret: string, issuer = DEFAULT_JWT_ISSUER, audience = DEFAULT_JWT_AUDIENCE): AuthSettings {
  if (secret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters long.');
  return { secret: new TextEncoder().encode(secret), issuer, audience };
}

/** Tokens of an identity provider, verified with the public keys it serves at `jwksUrl`. */
export function jwksAuthSettings(jwksUrl: string | URL, issuer = DEFAULT_JWT_ISSUER, audience = DEFAULT_JWT_AUDIENCE): AuthSettings {
  return { jwks: createRemoteJWKSet(new URL(jwksUrl)), issuer, audience };
}

export async function issueToken(
  settings: AuthSettings,
  viewer: Viewer,
  expiresIn: string | number = '12h',
): Promise<string> {
  if (!settings.secret) throw new Error('Issuing tokens needs JWT_SECRET: with a JWKS URL alone, the identity provider issues them.');
  return new SignJWT({ name: viewer.name, roles: [...viewer.roles] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(settings.secret);
}

/** A bad token is refused while building the request context: HTTP 401 rather than Apollo's default 500. */
const REFUSED_BEFORE_EXECUTION = { http: { status: 401 } };

/**
 * The algorithm in the token's header picks the key, and only the algorithms
 * of what is configured are allowed: an HS256 token cannot pass as one of the
 * identity provider's, and `alg: none` never passes.
 */
function verificationKeys(settings: AuthSettings): { algorithms: string[]; key: JWTVerifyGetKey } {
  const { secret, jwks } = settings;
  if (!secret && !jwks) throw new Error('AuthSettings needs a secret or a JWKS: see authFromEnvironment.');
  return {
    algorithms: [...(secret ? ['HS256'] : []), ...(jwks ? JWKS_ALGORITHMS : [])],
    key: async (header, token) => {
      if (header.alg === 'HS256' && secret) return secret;
      if (!jwks) throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
      return jwks(header, token);
    },
  };
}

/** The JWKS endpoint failed (down, slow, or not serving a key set): no fault of the caller's token. */
function keysUnavailable(settings: AuthSettings, error: unknown): boolean {
  if (!settings.jwks) return false;
  if (!(error instanceof errors.JOSEError)) return true;
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === 'ERR_JOSE_GENERIC';
}

/** Returns null when there is no Authorization header; throws when there is a bad one. */
export async function viewerFromAuthorization(
  settings: AuthSettings,
  header: string | undefined | null,
): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw new DomainError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".', REFUSED_BEFORE_EXECUTION);
  }
  const { algorithms, key } = verificationKeys(settings);
  try {
    const { payload } = await jwtVerify(match[1], key, { issuer: settings.issuer, audience: settings.audience, algorithms });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    return {
      subject: String(payload.sub ?? ''),
      name: typeof payload.name === 'string' ? payload.name : String(payload.sub ?? ''),
      roles,
    };
  } catch (error) {
    if (keysUnavailable(settings, error)) {
      throw new DomainError(
        'IDENTITY_PROVIDER_UNAVAILABLE',
        'The identity provider’s keys could not be fetched, so the access token cannot be checked. Try again shortly.',
        { http: { status: 503 } },
      );
    }
    const message = error instanceof errors.JWTExpired
      ? 'The access token has expired. Sign in again.'
      : 'The access token is invalid (wrong signature, issuer or audience). Sign in again.';
    throw new DomainError('UNAUTHENTICATED', message, REFUSED_BEFORE_EXECUTION);
  }
}

export function hasRole(viewer: Viewer | null, ...roles: Role[]): boolean {
  return viewer !== null && roles.some((role) => viewer.roles.includes(role));
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in first: this operation needs an access token.');
  return viewer;
}

export function requireRole(viewer: Viewer | null, ...roles: Role[]): Viewer {
  const v = requireViewer(viewer);
  if (!hasRole(v, ...roles)) {
    throw new DomainError('FORBIDDEN', `This operation needs one of the roles: ${roles.join(', ')}.`);
  }
  return v;
}

/** Any role of the system: a valid token that carries none reads nothing. */
export function requireAnyRole(viewer: Viewer | null): Viewer {
  const v = requireViewer(viewer);
  if (v.roles.length === 0) throw new DomainError('FORBIDDEN', 'Your token carries no role of this system; ask for one.');
  return v;
}
