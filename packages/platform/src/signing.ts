import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Subgraphs trust only the gateway (and the board's reads of the agencies):
 * each request carries an HMAC-SHA256, keyed with the called subgraph's own
 * secret, over a timestamp, a random nonce and the exact bytes of the body. A
 * subgraph reached directly, or through anything that changes the body,
 * refuses the request, so `_entities` and the inputs of `@requires` cannot be
 * forged from outside; and it takes each signature once, so a request copied
 * off the wire cannot be sent again.
 */
export const TIMESTAMP_HEADER = 'x-tinnhiem-timestamp';
export const NONCE_HEADER = 'x-tinnhiem-nonce';
export const SIGNATURE_HEADER = 'x-tinnhiem-signature';

/** How far a signature's timestamp may be from the subgraph's clock: bounds replays, tolerates small clock drift. */
export const MAX_SIGNATURE_SKEW_SECONDS = 60;

/** Names the scheme in the header, so that it can change without a flag day. */
const SCHEME = 'v1';

export type SignatureRefusalCode = 'UNSIGNED_REQUEST' | 'BAD_SIGNATURE' | 'STALE_REQUEST' | 'REPLAYED_REQUEST';

export interface SignatureRefusal {
  readonly code: SignatureRefusalCode;
  readonly message: string;
}

export interface SignedRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
}

function mac(secret: string, timestamp: string, nonce: string, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${SCHEME}:${timestamp}:${nonce}:`).update(body).digest();
}

/** The headers that sign `body`, as sent; `now` in milliseconds. Two identical requests get two signatures. */
export function signatureHeaders(secret: string, body: string | Uint8Array, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = randomBytes(16).toString('hex');
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [NONCE_HEADER]: nonce,
    [SIGNATURE_HEADER]: `${SCHEME}=${mac(secret, timestamp, nonce, bytes).toString('hex')}`,
  };
}

/**
 * The signatures a subgraph has taken, kept as long as their timestamp could
 * still pass, so that each is taken once. In memory: several instances of one
 * subgraph behind a load balancer each keep their own.
 */
export class SeenSignatures {
  private readonly until = new Map<string, number>();

  constructor(private readonly keepSeconds = 2 * MAX_SIGNATURE_SKEW_SECONDS) {}

  /** False when `signature` was already taken; records it otherwise. `now` in milliseconds. */
  take(signature: string, now = Date.now()): boolean {
    this.forgetExpired(now);
    if (this.until.has(signature)) return false;
    this.until.set(signature, now + this.keepSeconds * 1000);
    return true;
  }

  private forgetExpired(now: number): void {
    // Insertion order is expiry order, so the expired ones are at the front.
    for (const [signature, until] of this.until) {
      if (until > now) return;
      this.until.delete(signature);
    }
  }
}

const SEND_TO_GATEWAY = 'Clients send their queries to the gateway, never to a subgraph.';

/**
 * What can be refused from the method and headers alone, before the body is
 * read: a request that does not even claim a signature.
 */
export function unsignedRequest(request: Omit<SignedRequest, 'body'>): SignatureRefusal | null {
  // A GET carries its operation in the URL, outside the signed body.
  if (request.method !== 'POST') {
    return { code: 'UNSIGNED_REQUEST', message: `This subgraph answers only POST requests signed by the gateway. ${SEND_TO_GATEWAY}` };
  }
  const claimed = [TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER].every((header) => typeof request.headers[header] === 'string');
  return claimed ? null : { code: 'UNSIGNED_REQUEST', message: `This subgraph answers only requests signed by the gateway (${SIGNATURE_HEADER}). ${SEND_TO_GATEWAY}` };
}

/** Null when the request is signed with `secret`, recently, and (given `seen`) not before; otherwise why it is refused. */
export function verifySignature(
  secret: string,
  request: SignedRequest,
  now = Date.now(),
  maxSkewSeconds = MAX_SIGNATURE_SKEW_SECONDS,
  seen?: SeenSignatures,
): SignatureRefusal | null {
  const unsigned = unsignedRequest(request);
  if (unsigned) return unsigned;
  const timestamp = request.headers[TIMESTAMP_HEADER] as string;
  const nonce = request.headers[NONCE_HEADER] as string;
  const signature = request.headers[SIGNATURE_HEADER] as string;
  const given = new RegExp(`^${SCHEME}=([0-9a-f]{64})$`).exec(signature)?.[1];
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{32}$/.test(nonce) || !given
    || !timingSafeEqual(mac(secret, timestamp, nonce, request.body), Buffer.from(given, 'hex'))) {
    return {
      code: 'BAD_SIGNATURE',
      message: 'The request’s signature does not match its body and timestamp: the request was changed on the way, or the caller '
        + 'does not hold this subgraph’s secret (SUBGRAPH_SECRET here, <NAME>_SUBGRAPH_SECRET at the gateway and the board).',
    };
  }
  const skew = Math.abs(now / 1000 - Number(timestamp));
  if (skew > maxSkewSeconds) {
    return {
      code: 'STALE_REQUEST',
      message: `The request was signed ${Math.round(skew)} s away from this subgraph’s clock (at most ${maxSkewSeconds} s are accepted): `
        + 'it is a replay, or a server’s clock needs setting.',
    };
  }
  if (seen && !seen.take(given, now)) {
    return { code: 'REPLAYED_REQUEST', message: 'This signed request was already received once: a request is taken once, and a copy is refused.' };
  }
  return null;
}

/**
 * Wraps a fetch function so that every request it sends is signed over the
 * very body it sends. Works for Node's fetch and for Apollo Gateway's fetcher.
 */
export function signingFetch<I extends { body?: unknown; headers?: unknown }, R>(
  secret: string,
  fetcher: (url: string, init?: I) => Promise<R>,
): (url: string, init?: I) => Promise<R> {
  return (url, init) => {
    const body = init?.body ?? '';
    if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new TypeError('A signed request needs its body as a string or bytes, so that the bytes signed are the bytes sent.');
    }
    const headers = { ...Object.fromEntries(new Headers(init?.headers as ConstructorParameters<typeof Headers>[0])), ...signatureHeaders(secret, body) };
    return fetcher(url, { ...init, headers } as I);
  };
}
