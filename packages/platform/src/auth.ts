import { SignJWT, jwtVerify } from 'jose';
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

export interface AuthSettings {
  readonly secret: Uint8Array;
  readonly issuer: string;
  readonly audience: string;
}

export function authSettings(secret: string, issuer = 'tinnhiem', audience = 'tinnhiem'): AuthSettings {
  if (secret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters long.');
  return { secret: new TextEncoder().encode(secret), issuer, audience };
}

export async function issueToken(
  settings: AuthSettings,
  viewer: Viewer,
  expiresIn: string | number = '12h',
): Promise<string> {
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
  try {
    const { payload } = await jwtVerify(match[1], settings.secret, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ['HS256'],
    });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    return {
      subject: String(payload.sub ?? ''),
      name: typeof payload.name === 'string' ? payload.name : String(payload.sub ?? ''),
      roles,
    };
  } catch {
    throw new DomainError('UNAUTHENTICATED', 'The access token is invalid or has expired. Sign in again.', REFUSED_BEFORE_EXECUTION);
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
