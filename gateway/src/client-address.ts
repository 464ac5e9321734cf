import type { IncomingMessage } from 'node:http';

/**
 * How many proxies in front of the gateway append to X-Forwarded-For. 0 (the
 * default) ignores the header: anyone can send it, so trusting it without a
 * proxy would let a client pick a fresh address for every request and walk
 * past the ballot rate limit.
 */
export function parseTrustProxy(raw: string | undefined): number {
  if (raw === undefined || raw === '' || raw === 'false') return 0;
  if (raw === 'true') return 1;
  const hops = Number(raw);
  if (!Number.isSafeInteger(hops) || hops < 0) {
    throw new Error(`TRUST_PROXY must be the number of proxies in front of the gateway (0, 1, 2…) or true/false, got "${raw}".`);
  }
  return hops;
}

/**
 * The address a request comes from. Behind `trustedProxies` proxies it is the
 * entry that many places from the end of X-Forwarded-For: entries further left
 * were written by the client and cannot be believed.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  return forwarded.at(-trustedProxies) ?? forwarded[0] ?? peer;
}
