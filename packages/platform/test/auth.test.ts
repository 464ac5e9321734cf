import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import {
  authFromEnvironment,
  authSettings,
  DEVELOPMENT_JWT_SECRET,
  DomainError,
  issueToken,
  jwksAuthSettings,
  viewerFromAuthorization,
  type AuthSettings,
} from '@tinnhiem/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerToken, startJwksServer, type JwksServer } from '../../../tests/support/jwks';

let jwks: JwksServer;
let settings: AuthSettings;

beforeAll(async () => {
  jwks = await startJwksServer();
  settings = jwksAuthSettings(jwks.url);
});

afterAll(async () => {
  await jwks?.close();
});

/** The refusal's code and HTTP status, as the server would answer it. */
async function refusal(auth: AuthSettings, token: string): Promise<{ code: unknown; status: unknown; message: string }> {
  try {
    await viewerFromAuthorization(auth, `Bearer ${token}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.extensions.code, status: (error.extensions.http as { status?: number } | undefined)?.status, message: error.message };
  }
  throw new Error('the token was accepted');
}

const UNAUTHENTICATED = { code: 'UNAUTHENTICATED', status: 401 };

describe('tokens of an identity provider, verified with its JWKS', () => {
  it('accepts ES256 and RS256 tokens signed with the published keys, and reads the viewer from them', async () => {
    for (const alg of ['ES256', 'RS256'] as const) {
      const token = await providerToken(jwks.keys[alg], { sub: `analyst-${alg}`, name: 'Analyst', roles: ['board:analyst'] });
      expect(await viewerFromAuthorization(settings, `Bearer ${token}`)).toEqual({ subject: `analyst-${alg}`, name: 'Analyst', roles: ['board:analyst'] });
    }
  });

  it('refuses a token for another issuer or another audience', async () => {
    expect(await refusal(settings, await providerToken(jwks.keys.ES256, { issuer: 'someone-else' }))).toMatchObject(UNAUTHENTICATED);
    expect(await refusal(settings, await providerToken(jwks.keys.ES256, { audience: 'another-app' }))).toMatchObject(UNAUTHENTICATED);
  });

  it('refuses an expired token, and says it expired', async () => {
    const expired = await providerToken(jwks.keys.RS256, { expires: Math.floor(Date.now() / 1000) - 60 });
    expect(await refusal(settings, expired)).toEqual({ ...UNAUTHENTICATED, message: 'The access token has expired. Sign in again.' });
  });

  it('refuses an unsigned token (alg none)', async () => {
    const unsigned = new UnsecuredJWT({ roles: ['board:analyst'] }).setSubject('x').setIssuer('tinnhiem').setAudience('tinnhiem').setExpirationTime('1h').encode();
    expect(await refusal(settings, unsigned)).toMatchObject(UNAUTHENTICATED);
  });

  it('refuses an HS256 token, even one signed with the development secret, when only the JWKS is configured', async () => {
    const hs256 = await issueToken(authSettings(DEVELOPMENT_JWT_SECRET), { subject: 'x', name: 'x', roles: ['board:analyst'] });
    expect(await refusal(settings, hs256)).toMatchObject(UNAUTHENTICATED);
  });

  it('refuses a token signed by another key that claims a published key id', async () => {
    const impostor = await generateKeyPair('ES256');
    const token = await new SignJWT({ roles: ['board:analyst'] })
      .setProtectedHeader({ alg: 'ES256', kid: jwks.keys.ES256.kid })
      .setSubject('x').setIssuer('tinnhiem').setAudience('tinnhiem').setExpirationTime('1h')
      .sign(impostor.privateKey);
    expect(await refusal(settings, token)).toMatchObject(UNAUTHENTICATED);
  });

  it('answers 503, not "sign in again", when the key set cannot be fetched', async () => {
    const gone = jwksAuthSettings('http://127.0.0.1:9/.well-known/jwks.json');
    expect(await refusal(gone, await providerToken(jwks.keys.ES256))).toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE', status: 503 });
  });
});

describe('authFromEnvironment', () => {
  const strong = 'a-production-secret-that-is-long-enough-0123456789';
  const viewer = { subject: 's', name: 'S', roles: ['auditor'] };

  it('falls back to the development secret outside production, so a checkout runs as it is', async () => {
    const auth = authFromEnvironment({});
    expect(await viewerFromAuthorization(auth, `Bearer ${await issueToken(authSettings(DEVELOPMENT_JWT_SECRET), viewer)}`)).toEqual(viewer);
  });

  it('refuses to start in production with neither a secret nor a JWKS URL, with the development secret, or with a short secret', () => {
    expect(() => authFromEnvironment({ NODE_ENV: 'production' })).toThrow(/NODE_ENV=production needs a way to verify access tokens: set JWT_JWKS_URL .* or JWT_SECRET/);
    expect(() => authFromEnvironment({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(/JWT_SECRET is the development secret/);
    expect(() => authFromEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32 characters long \(it has 5\)/);
    expect(() => authFromEnvironment({ JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });

  it('fetches keys over HTTPS only in production', () => {
    expect(() => authFromEnvironment({ NODE_ENV: 'production', JWT_JWKS_URL: jwks.url })).toThrow(/HTTPS only/);
    expect(() => authFromEnvironment({ NODE_ENV: 'production', JWT_JWKS_URL: 'not a url' })).toThrow(/JWT_JWKS_URL is not a URL/);
    expect(authFromEnvironment({ NODE_ENV: 'production', JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json' }).jwks).toBeTypeOf('function');
  });

  it('checks the configured issuer and audience', async () => {
    const auth = authFromEnvironment({ NODE_ENV: 'production', JWT_SECRET: strong, JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'tinnhiem-city' });
    expect(await viewerFromAuthorization(auth, `Bearer ${await issueToken(auth, viewer)}`)).toEqual(viewer);
    const defaults = await issueToken(authSettings(strong), viewer);
    expect(await refusal(auth, defaults)).toMatchObject(UNAUTHENTICATED);
  });

  it('verifies the identity provider’s tokens with JWT_JWKS_URL, and with a secret as well takes each by its algorithm', async () => {
    const auth = authFromEnvironment({ JWT_JWKS_URL: jwks.url, JWT_SECRET: strong });
    const fromProvider = await providerToken(jwks.keys.ES256, { sub: 'p', name: 'P', roles: ['auditor'] });
    expect(await viewerFromAuthorization(auth, `Bearer ${fromProvider}`)).toEqual({ subject: 'p', name: 'P', roles: ['auditor'] });
    expect(await viewerFromAuthorization(auth, `Bearer ${await issueToken(auth, viewer)}`)).toEqual(viewer);
    // With a JWKS URL alone there is no development fallback: HS256 tokens are refused.
    const providerOnly = authFromEnvironment({ JWT_JWKS_URL: jwks.url });
    expect(providerOnly.secret).toBeUndefined();
    expect(await refusal(providerOnly, await issueToken(authSettings(DEVELOPMENT_JWT_SECRET), viewer))).toMatchObject(UNAUTHENTICATED);
  });
});
