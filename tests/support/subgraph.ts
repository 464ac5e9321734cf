import { signatureHeaders } from '@tinnhiem/platform';

export interface RawAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** Posts a body exactly as given, with the given headers: what a client that reached a subgraph could send. */
export async function postRaw(url: string, body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as RawAnswer['body'] };
}

/** Posts a GraphQL operation signed with `secret`, as the gateway would; `now` to sign at another time. */
export function postSigned(url: string, secret: string, operation: { query: string; variables?: Record<string, unknown> }, headers: Record<string, string> = {}, now = Date.now()): Promise<RawAnswer> {
  const body = JSON.stringify(operation);
  return postRaw(url, body, { ...headers, ...signatureHeaders(secret, body, now) });
}
