import type { IncomingMessage } from 'node:http';
import { buildSchema, getOperationAST, parse, validate } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ballotCasts,
  clientAddress,
  DEFAULT_GATEWAY_LIMITS,
  gatewayLimitsFromEnv,
  parseTrustProxy,
  queryLimitProtection,
  withDefaults,
} from '@tinnhiem/gateway';
import { isProduction } from '@tinnhiem/platform';

// The gateway's limits as functions: which address a request counts against, how many ballot
// casts an operation carries, which settings the environment gives. The end-to-end behaviour is
// in tests/e2e/gateway-limits.test.ts.

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('the client address', () => {
  it('is the peer address, whatever X-Forwarded-For says, unless a proxy is trusted', () => {
    expect(clientAddress(request('10.0.0.9', '1.2.3.4'), 0)).toBe('10.0.0.9');
  });

  it('behind one proxy is the entry that proxy appended (the last), not what the client wrote before it', () => {
    expect(clientAddress(request('10.0.0.9', 'forged, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.9', 'forged, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
  });

  it('behind a proxy that sent no header is the peer address', () => {
    expect(clientAddress(request('10.0.0.9'), 1)).toBe('10.0.0.9');
  });

  it('reads TRUST_PROXY as a number of proxies, or true/false, and refuses anything else', () => {
    expect([undefined, '', 'false', '0', 'true', '2'].map(parseTrustProxy)).toEqual([0, 0, 0, 0, 1, 2]);
    expect(() => parseTrustProxy('yes')).toThrow(/TRUST_PROXY must be the number of proxies/);
    expect(() => parseTrustProxy('-1')).toThrow(/TRUST_PROXY/);
  });
});

describe('counting the ballot casts of an operation', () => {
  const casts = (source: string) => {
    const document = parse(source);
    const operation = getOperationAST(document);
    if (!operation) throw new Error('no operation');
    return ballotCasts(document, operation);
  };

  it('counts each cast of every agency, aliases included', () => {
    expect(casts('mutation { a: castPartyBallot(code: "x", marks: []) { receipt } b: castPartyBallot(code: "y", marks: []) { receipt } castCouncilBallot(code: "z", marks: []) { receipt } }')).toBe(3);
  });

  it('counts casts hidden in fragments and inline fragments on Mutation', () => {
    expect(casts(`mutation { ...Two ... on Mutation { castCommitteeBallot(code: "z", marks: []) { receipt } } }
      fragment Two on Mutation { a: castPartyBallot(code: "x", marks: []) { receipt } b: castPartyBallot(code: "y", marks: []) { receipt } }`)).toBe(3);
  });

  it('counts nothing in queries and other mutations', () => {
    expect(casts('{ partyBallotReceipts(roundId: "r") }')).toBe(0);
    expect(casts('mutation { openPartyRound(roundId: "r", present: 3) { status } }')).toBe(0);
  });
});

describe('the settings', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('have the documented defaults', () => {
    expect(gatewayLimitsFromEnv()).toEqual({
      query: { maxDepth: 10, maxCost: 2000, maxAliases: 15, maxDirectives: 20, maxTokens: 1000 },
      ballots: { attempts: 1000, failures: 100, windowSeconds: 600 },
      trustedProxies: 0,
      maxBodyBytes: 1_000_000,
    });
    expect(withDefaults()).toEqual(DEFAULT_GATEWAY_LIMITS);
  });

  it('come from the environment, and a bad value stops the start with the variable named', () => {
    vi.stubEnv('GATEWAY_MAX_DEPTH', '8');
    vi.stubEnv('BALLOT_CAST_FAILURE_LIMIT', '5');
    vi.stubEnv('TRUST_PROXY', '1');
    vi.stubEnv('GATEWAY_MAX_BODY_BYTES', '2000');
    const limits = gatewayLimitsFromEnv();
    expect([limits.query.maxDepth, limits.ballots.failures, limits.trustedProxies, limits.maxBodyBytes]).toEqual([8, 5, 1, 2000]);
    vi.stubEnv('BALLOT_CAST_WINDOW_SECONDS', '0');
    expect(() => gatewayLimitsFromEnv()).toThrow(/BALLOT_CAST_WINDOW_SECONDS must be at least 1/);
    vi.stubEnv('BALLOT_CAST_WINDOW_SECONDS', '');
    vi.stubEnv('GATEWAY_MAX_COST', 'lots');
    expect(() => gatewayLimitsFromEnv()).toThrow(/GATEWAY_MAX_COST must be a whole number/);
  });

  it('take production mode from NODE_ENV', () => {
    expect(isProduction({ NODE_ENV: 'production' })).toBe(true);
    expect(isProduction({ NODE_ENV: 'development' })).toBe(false);
    expect(isProduction({})).toBe(false);
  });
});

describe('the validation rules', () => {
  const schema = buildSchema('type Query { node(id: ID): Node } type Node { id: ID, name: String, child: Node }');
  const { validationRules } = queryLimitProtection({ maxDepth: 3, maxCost: 50, maxAliases: 2, maxDirectives: 1, maxTokens: 1000 }, true);
  const refusals = (source: string) => validate(schema, parse(source), validationRules).map((e) => ({ message: e.message, ...e.extensions }));

  it('accept a document within every limit', () => {
    expect(refusals('{ a: node(id: 1) { id } b: node(id: 2) { name @include(if: true) } }')).toEqual([]);
  });

  it('refuse each limit with its name, the limit, what was found and the setting to change', () => {
    expect(refusals('{ node { child { child { id } } } }')).toEqual([
      expect.objectContaining({ limit: 'depth', max: 3, found: 4, message: expect.stringMatching(/nests selections 4 levels deep.*at most 3 \(setting GATEWAY_MAX_DEPTH\)/) }),
    ]);
    expect(refusals('{ a: node { id } b: node { id } c: node { id } }')).toEqual([
      expect.objectContaining({ limit: 'aliases', max: 2, found: 3, message: expect.stringMatching(/uses 3 aliases/) }),
    ]);
    expect(refusals('{ node { id @skip(if: false) name @include(if: true) } }')).toEqual([expect.objectContaining({ limit: 'directives', max: 1, found: 2 })]);
    expect(refusals(`{ node { ${'id name '.repeat(15)} child { id name } } }`)).toEqual([
      expect.objectContaining({ limit: 'cost', max: 50, message: expect.stringMatching(/has a cost of \d+.*GATEWAY_MAX_COST/) }),
    ]);
  });
});
