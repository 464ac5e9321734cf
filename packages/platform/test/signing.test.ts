import {
  calledSubgraphSecretsFromEnvironment,
  MAX_SIGNATURE_SKEW_SECONDS,
  NONCE_HEADER,
  SeenSignatures,
  SIGNATURE_HEADER,
  signatureHeaders,
  signingFetch,
  subgraphSecretFromEnvironment,
  TIMESTAMP_HEADER,
  verifySignature,
} from '@tinnhiem/platform';
import { describe, expect, it } from 'vitest';

const SECRET = 'a-subgraph-secret-that-is-long-enough-0123456789';
const BODY = '{"query":"{ _service { sdl } }","variables":{"name":"Nguyễn Văn A"}}';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function post(headers: Record<string, string>, body: string | Buffer = BODY) {
  return { method: 'POST', headers, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body };
}

describe('signed subgraph requests', () => {
  it('accepts the exact body signed with the secret, within the allowed skew either way', () => {
    expect(verifySignature(SECRET, post(signatureHeaders(SECRET, BODY, NOW)), NOW)).toBeNull();
    const skew = MAX_SIGNATURE_SKEW_SECONDS * 1000;
    expect(verifySignature(SECRET, post(signatureHeaders(SECRET, BODY, NOW - skew)), NOW)).toBeNull();
    expect(verifySignature(SECRET, post(signatureHeaders(SECRET, BODY, NOW + skew)), NOW)).toBeNull();
  });

  it('refuses a request without the headers as unsigned, and any GET', () => {
    expect(verifySignature(SECRET, post({}), NOW)?.code).toBe('UNSIGNED_REQUEST');
    const { [SIGNATURE_HEADER]: _, ...timestampOnly } = signatureHeaders(SECRET, BODY, NOW);
    expect(verifySignature(SECRET, post(timestampOnly), NOW)?.code).toBe('UNSIGNED_REQUEST');
    expect(verifySignature(SECRET, { ...post(signatureHeaders(SECRET, '', NOW), ''), method: 'GET' }, NOW)?.code).toBe('UNSIGNED_REQUEST');
  });

  it('refuses another secret, a changed body (one byte), a changed timestamp, and malformed headers', () => {
    const headers = signatureHeaders(SECRET, BODY, NOW);
    expect(verifySignature(SECRET, post(signatureHeaders('another-secret-that-is-long-enough-987654321', BODY, NOW)), NOW)?.code).toBe('BAD_SIGNATURE');
    expect(verifySignature(SECRET, post(headers, BODY.replace('A', 'B')), NOW)?.code).toBe('BAD_SIGNATURE');
    expect(verifySignature(SECRET, post({ ...headers, [TIMESTAMP_HEADER]: String(Number(headers[TIMESTAMP_HEADER]) + 1) }), NOW)?.code).toBe('BAD_SIGNATURE');
    expect(verifySignature(SECRET, post({ ...headers, [SIGNATURE_HEADER]: 'v1=zz' }), NOW)?.code).toBe('BAD_SIGNATURE');
    expect(verifySignature(SECRET, post({ ...headers, [TIMESTAMP_HEADER]: 'soon' }), NOW)?.code).toBe('BAD_SIGNATURE');
  });

  it('signs one body twice with two nonces, and refuses a changed nonce', () => {
    const first = signatureHeaders(SECRET, BODY, NOW);
    const second = signatureHeaders(SECRET, BODY, NOW);
    expect(first[NONCE_HEADER]).toMatch(/^[0-9a-f]{32}$/);
    expect(second[SIGNATURE_HEADER]).not.toBe(first[SIGNATURE_HEADER]);
    expect(verifySignature(SECRET, post({ ...first, [NONCE_HEADER]: second[NONCE_HEADER] as string }), NOW)?.code).toBe('BAD_SIGNATURE');
    const { [NONCE_HEADER]: _, ...noNonce } = first;
    expect(verifySignature(SECRET, post(noNonce), NOW)?.code).toBe('UNSIGNED_REQUEST');
  });

  it('takes each signature once while it could pass, and forgets it after', () => {
    const seen = new SeenSignatures(120);
    const headers = signatureHeaders(SECRET, BODY, NOW);
    expect(verifySignature(SECRET, post(headers), NOW, MAX_SIGNATURE_SKEW_SECONDS, seen)).toBeNull();
    expect(verifySignature(SECRET, post(headers), NOW + 1000, MAX_SIGNATURE_SKEW_SECONDS, seen)).toEqual({
      code: 'REPLAYED_REQUEST', message: expect.stringMatching(/already received once/),
    });
    // The same body, signed again by the gateway, is a new request.
    expect(verifySignature(SECRET, post(signatureHeaders(SECRET, BODY, NOW)), NOW, MAX_SIGNATURE_SKEW_SECONDS, seen)).toBeNull();
    // A refused signature is not recorded, so it cannot block the genuine one.
    const genuine = signatureHeaders(SECRET, BODY, NOW);
    expect(verifySignature(SECRET, post(genuine, BODY.replace('A', 'B')), NOW, MAX_SIGNATURE_SKEW_SECONDS, seen)?.code).toBe('BAD_SIGNATURE');
    expect(verifySignature(SECRET, post(genuine), NOW, MAX_SIGNATURE_SKEW_SECONDS, seen)).toBeNull();
    // Once a timestamp could no longer pass, its signature is forgotten (it would be STALE anyway).
    expect(seen.take('x', NOW)).toBe(true);
    expect(seen.take('x', NOW + 119_000)).toBe(false);
    expect(seen.take('x', NOW + 121_000)).toBe(true);
  });

  it('refuses a genuine signature older or newer than the allowed skew as stale, and says why', () => {
    const old = verifySignature(SECRET, post(signatureHeaders(SECRET, BODY, NOW - 120_000)), NOW);
    expect(old).toEqual({ code: 'STALE_REQUEST', message: expect.stringMatching(/signed 120 s away .*\(at most 60 s/) });
    expect(verifySignature(SECRET, post(signatureHeaders(SECRET, BODY, NOW + 120_000)), NOW)?.code).toBe('STALE_REQUEST');
  });

  it('signs what a wrapped fetch sends, keeping its other headers', async () => {
    let sent: { url: string; init?: { body?: string; headers?: Record<string, string> } } | undefined;
    const fetcher = signingFetch(SECRET, async (url: string, init?: { body?: string; headers?: Record<string, string> }) => {
      sent = { url, ...(init ? { init } : {}) };
      return 'answer';
    });
    expect(await fetcher('http://subgraph/graphql', { body: BODY, headers: { 'Content-Type': 'application/json' } })).toBe('answer');
    const headers = sent?.init?.headers ?? {};
    expect(headers['content-type']).toBe('application/json');
    expect(verifySignature(SECRET, post(headers))).toBeNull();
  });
});

describe('secrets from the environment', () => {
  const warnings: string[] = [];
  const log = { warn: (message: string) => void warnings.push(message) };

  it('lets a development subgraph run open, saying so, and refuses that in production', () => {
    expect(subgraphSecretFromEnvironment(log, {})).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('SUBGRAPH_SECRET is not set')]);
    expect(() => subgraphSecretFromEnvironment(log, { NODE_ENV: 'production' })).toThrow(/NODE_ENV=production needs SUBGRAPH_SECRET/);
    expect(() => subgraphSecretFromEnvironment(log, { SUBGRAPH_SECRET: 'short' })).toThrow(/SUBGRAPH_SECRET must be at least 32 characters/);
    expect(subgraphSecretFromEnvironment(log, { NODE_ENV: 'production', SUBGRAPH_SECRET: SECRET })).toBe(SECRET);
  });

  it('reads each called subgraph’s secret by its name, all required in production', () => {
    expect(calledSubgraphSecretsFromEnvironment(['party', 'board'], { PARTY_SUBGRAPH_SECRET: SECRET })).toEqual({ party: SECRET });
    expect(() => calledSubgraphSecretsFromEnvironment(['party', 'board'], { NODE_ENV: 'production', PARTY_SUBGRAPH_SECRET: SECRET }))
      .toThrow(/NODE_ENV=production needs BOARD_SUBGRAPH_SECRET/);
  });
});
