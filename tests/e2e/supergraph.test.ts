import { readFileSync } from 'node:fs';
import { SUPERGRAPH_PATH } from '@tinnhiem/gateway';
import { composeSupergraph } from '@tinnhiem/stack';
import { describe, expect, it } from 'vitest';

describe('the committed supergraph', () => {
  it('is what composing the subgraphs gives today (run `npm run compose` when this fails)', async () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(await composeSupergraph());
  });
});
