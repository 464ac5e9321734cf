import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed supergraph, written by `npm run compose`. */
export const SUPERGRAPH_PATH = join(__dirname, '..', 'supergraph.graphql');

export function readSupergraph(path = SUPERGRAPH_PATH): string {
  return readFileSync(path, 'utf8');
}
