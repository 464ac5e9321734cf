import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and undefined members left out,
 * so the same arguments always give the same text, whatever order a client
 * wrote them in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const members = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${members.join(',')}}`;
}

/**
 * What the audit log keeps of a mutation's input: the SHA-256 of its arguments
 * in canonical JSON, in hex. Whoever holds the input can show it is the one
 * logged; the log itself never holds the input.
 */
export function inputDigest(args: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(args)).digest('hex');
}
