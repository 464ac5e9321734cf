import { randomBytes, randomInt } from 'node:crypto';
import { fail } from '@tinnhiem/platform';
import type { DataSource } from 'typeorm';
import { lockRound, requireStatus } from '../rounds/guards';
import type { BallotKey } from './key';

// Crockford's base32: no I, L, O or U, so a printed code cannot be misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 130 bits of randomness in 26 characters, printed in groups of four or five. */
function newToken(): string {
  const bytes = randomBytes(17);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let text = '';
  for (let i = 0; i < 26; i += 1) text += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return text.match(/.{1,5}/g)?.join('-') ?? text;
}

/** What a voter types, reduced to the canonical code: case, spaces and dashes do not matter. */
export function normaliseToken(token: string): string | null {
  const compact = token.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(compact) ? compact : null;
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * Issues one single-use code per member present, once per round. Only their
 * keyed hashes are stored, and in another random order than the printed list,
 * so the database cannot tell which printed code is which row.
 */
export async function issueTokens(db: DataSource, key: BallotKey, roundId: string): Promise<string[]> {
  return db.transaction(async (em) => {
    const round = await lockRound(em, roundId);
    if (round.mode !== 'ELECTRONIC') fail('INVALID_TRANSITION', `Round "${round.title}" is counted on paper: it has no ballot codes.`);
    requireStatus(round, ['OPEN'], 'issue ballot codes');
    if (round.tokensIssued !== null) {
      fail('TOKENS_ALREADY_ISSUED', `The ${round.tokensIssued} ballot codes of round "${round.title}" were already issued; they are not issued twice.`);
    }
    const present = round.present ?? 0;
    const codes = Array.from({ length: present }, newToken);
    const hashes = shuffled(codes.map((code) => key.tokenHash(normaliseToken(code) as string)));
    for (let i = 0; i < hashes.length; i += 1000) {
      const slice = hashes.slice(i, i + 1000);
      await em.query(
        `INSERT INTO ballot_token (token_hash, round_id) SELECT unnest($1::text[]), $2`,
        [slice, roundId],
      );
    }
    await em.query(`UPDATE round SET tokens_issued = $2, ballot_key_id = $3 WHERE id = $1`, [roundId, present, key.id]);
    return codes;
  });
}
