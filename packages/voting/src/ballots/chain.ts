import { createHash } from 'node:crypto';
import type { RoundKind } from '../graphql/enums';

/**
 * The hash chain of a round's electronic ballots (R13). Each ballot's hash
 * commits to the ballot before it, so the receipt a voter keeps vouches for
 * every earlier ballot too; the random nonce keeps anyone from guessing a
 * short ballot's marks from its published hash.
 */
export interface ChainedBallot {
  roundId: string;
  position: number;
  nonce: string;
  marks: string;
  prevHash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function genesisHash(roundId: string): string {
  return sha256(`tinnhiem-ballot-chain-v1|genesis|${roundId}`);
}

export function ballotHash(ballot: ChainedBallot): string {
  return sha256(`tinnhiem-ballot-v1|${ballot.roundId}|${ballot.position}|${ballot.nonce}|${ballot.marks}|${ballot.prevHash}`);
}

/** Per nominee, in ballot order: counts of each mark, blank rows as invalid. */
export type LogTally = { high: number; confident: number; low: number; trust: number; noTrust: number; invalid: number }[];

/**
 * The digest a published round is sealed with: the chain's head and length, and the tally they give.
 * A poll's seal keeps the form it had before binding votes existed, so rounds sealed then still verify.
 */
export function sealDigest(roundId: string, length: number, head: string, tally: LogTally, kind: RoundKind = 'CONFIDENCE_POLL'): string {
  if (kind === 'BINDING_VOTE') {
    const counts = tally.map((t) => `${t.trust},${t.noTrust},${t.invalid}`).join(';');
    return sha256(`tinnhiem-binding-seal-v1|${roundId}|${length}|${head}|${counts}`);
  }
  const counts = tally.map((t) => `${t.high},${t.confident},${t.low},${t.invalid}`).join(';');
  return sha256(`tinnhiem-seal-v1|${roundId}|${length}|${head}|${counts}`);
}
