import { createHmac, randomBytes } from 'node:crypto';

/**
 * The secret under which ballot codes are hashed (R2). The database holds
 * each code's keyed hash, never the code, and never this key: the service
 * holds it (BALLOT_KEY). Spending a code and storing its ballot happen in one
 * transaction, so a database reader can pair a spent code's row with its
 * ballot (both rows carry that transaction's id); without the key, the row
 * cannot be traced back to a printed code, nor so to the voter who drew it.
 */
export interface BallotKey {
  /** Names the key without revealing it: a round remembers which key its codes were issued under. */
  readonly id: string;
  tokenHash(canonicalCode: string): string;
}

export const MIN_BALLOT_KEY_LENGTH = 32;

export function ballotKey(secret: string): BallotKey {
  if (secret.length < MIN_BALLOT_KEY_LENGTH) {
    throw new Error(`The ballot key must be at least ${MIN_BALLOT_KEY_LENGTH} characters long.`);
  }
  const mac = (text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('hex');
  return {
    id: mac('tinnhiem-ballot-key-id').slice(0, 16),
    tokenHash: (canonicalCode) => mac(`tinnhiem-token-v2|${canonicalCode}`),
  };
}

/** A key for one process only (tests, benchmarks): a restart makes the open rounds' codes unusable. */
export function ephemeralBallotKey(): BallotKey {
  return ballotKey(randomBytes(32).toString('base64url'));
}
