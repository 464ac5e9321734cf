import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';

/** An identity provider's signing key, as the test JWKS server publishes it. */
export interface ProviderKey {
  readonly kid: string;
  readonly alg: 'ES256' | 'RS256';
  readonly privateKey: KeyLike;
}

export interface JwksServer {
  readonly url: string;
  readonly keys: Readonly<Record<'ES256' | 'RS256', ProviderKey>>;
  /** How many times the key set was fetched. */
  readonly fetches: () => number;
  close(): Promise<void>;
}

/** A real HTTP server publishing one ES256 and one RS256 public key, as an identity provider does. */
export async function startJwksServer(): Promise<JwksServer> {
  const keys = {
    ES256: { kid: 'test-es256', alg: 'ES256' as const, pair: await generateKeyPair('ES256') },
    RS256: { kid: 'test-rs256', alg: 'RS256' as const, pair: await generateKeyPair('RS256') },
  };
  const published = JSON.stringify({
    keys: await Promise.all(Object.values(keys).map(async (k) => ({ ...(await exportJWK(k.pair.publicKey)), kid: k.kid, alg: k.alg, use: 'sig' }))),
  });
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    fetches += 1;
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(published);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    keys: {
      ES256: { kid: keys.ES256.kid, alg: 'ES256', privateKey: keys.ES256.pair.privateKey },
      RS256: { kid: keys.RS256.kid, alg: 'RS256', privateKey: keys.RS256.pair.privateKey },
    },
    fetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ProviderClaims {
  sub?: string;
  name?: string;
  roles?: string[];
  issuer?: string;
  audience?: string;
  /** Seconds since 1970, or a span such as '1h'. */
  expires?: number | string;
}

/** A token as the identity provider would sign it with `key`; defaults are this system's issuer and audience. */
export function providerToken(key: ProviderKey, claims: ProviderClaims = {}, extra: JWTPayload = {}): Promise<string> {
  return new SignJWT({ name: claims.name ?? 'Provider user', roles: claims.roles ?? [], ...extra })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setSubject(claims.sub ?? 'provider-user')
    .setIssuer(claims.issuer ?? 'tinnhiem')
    .setAudience(claims.audience ?? 'tinnhiem')
    .setIssuedAt()
    .setExpirationTime(claims.expires ?? '10m')
    .sign(key.privateKey);
}
