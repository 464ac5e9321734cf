import { UnsecuredJWT } from 'jose';
import { authFromEnvironment, authSettings, DEVELOPMENT_JWT_SECRET, issueToken } from '@tinnhiem/platform';
import { DEVELOPMENT_VIEWERS, startStack, type RunningStack } from '@tinnhiem/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, errorCodes, graphql } from '../support/graphql';
import { providerToken, startJwksServer, type JwksServer } from '../support/jwks';
import { postRaw, postSigned } from '../support/subgraph';

let jwks: JwksServer;
let stack: RunningStack;

beforeAll(async () => {
  jwks = await startJwksServer();
  stack = await startStack({
    // As production runs it: keys from the identity provider's JWKS URL, no shared secret.
    auth: authFromEnvironment({ JWT_JWKS_URL: jwks.url }),
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('idp_party'),
      council: await createTestDatabase('idp_council'),
      committee: await createTestDatabase('idp_committee'),
      board: await createTestDatabase('idp_board'),
    },
  });
});

afterAll(async () => {
  await stack?.stop();
  await jwks?.close();
});

const ROUNDS = JSON.stringify({ query: '{ partyRounds { total } }' });

describe('tokens of an identity provider (JWKS), end to end', () => {
  it('lets through ES256 and RS256 tokens signed with its keys: the gateway and each subgraph verify them', async () => {
    const admin = await providerToken(jwks.keys.ES256, { sub: 'party-admin', roles: ['party:admin'] });
    expect(dataOf(await graphql(stack.gatewayUrl, '{ partyRounds { total } }', {}, admin))).toEqual({ partyRounds: { total: 0 } });
    // The board reads each line with the caller's token: the agencies verify the provider's token as well.
    const analyst = await providerToken(jwks.keys.RS256, { sub: 'analyst', roles: [...DEVELOPMENT_VIEWERS.boardAnalyst.roles] });
    const { boardStatistics } = dataOf(await graphql<{ boardStatistics: { missingLines: unknown[] } }>(
      stack.gatewayUrl, '{ boardStatistics(year: 2023) { missingLines { line } } }', {}, analyst));
    expect(boardStatistics.missingLines).toEqual([]);
  });

  it('refuses, with HTTP 401 and UNAUTHENTICATED, a wrong issuer or audience, an expired token, alg none, and an HS256 token', async () => {
    const roles = ['party:admin'];
    const refused: Record<string, string> = {
      wrongIssuer: await providerToken(jwks.keys.ES256, { roles, issuer: 'https://another-idp.example' }),
      wrongAudience: await providerToken(jwks.keys.ES256, { roles, audience: 'another-app' }),
      expired: await providerToken(jwks.keys.RS256, { roles, expires: Math.floor(Date.now() / 1000) - 60 }),
      algNone: new UnsecuredJWT({ roles }).setSubject('x').setIssuer('tinnhiem').setAudience('tinnhiem').setExpirationTime('1h').encode(),
      hs256: await issueToken(authSettings(DEVELOPMENT_JWT_SECRET), DEVELOPMENT_VIEWERS.partyAdmin),
    };
    for (const [label, token] of Object.entries(refused)) {
      const answer = await postRaw(stack.gatewayUrl, ROUNDS, { authorization: `Bearer ${token}` });
      expect(answer.status, label).toBe(401);
      expect(errorCodes(answer.body), label).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('refuses a bad token at the subgraph too, even in a request the gateway’s secret signed', async () => {
    const expired = await providerToken(jwks.keys.ES256, { roles: ['party:admin'], expires: Math.floor(Date.now() / 1000) - 60 });
    const answer = await postSigned(stack.urls.party, stack.subgraphSecrets.party, { query: '{ partyRounds { total } }' }, { authorization: `Bearer ${expired}` });
    expect(answer.status).toBe(401);
    expect(errorCodes(answer.body)).toEqual(['UNAUTHENTICATED']);
  });
});
