import type { EntityManager } from 'typeorm';
import type { RoundKind } from '../graphql/enums';
import { ballotHash, genesisHash, sealDigest, type LogTally } from './chain';
import { marksFitKind, tallyMarks } from './marks';

export interface ChainBreak {
  position: number;
  hash: string;
  problem: string;
}

export interface LogVerification {
  roundId: string;
  ballots: number;
  tokensUsed: number;
  head: string;
  /** True when every ballot's hash and link recompute, positions run 1..n, and the spent codes match the ballots. */
  intact: boolean;
  breaks: ChainBreak[];
  tally: LogTally;
  /** Null until the round is closed and its minutes were written from the log. */
  tallyMatchesMinutes: boolean | null;
  /** Null until the round is published and sealed. */
  sealMatches: boolean | null;
}

/**
 * Recomputes a round's chain and tally from the ballot log alone and compares
 * them with what the round claims (R13). Anyone with read access to the
 * database can run it; it changes nothing.
 */
export async function verifyBallotLog(em: EntityManager, roundId: string): Promise<LogVerification> {
  const [round] = (await em.query(`SELECT seal_digest, kind FROM round WHERE id = $1`, [roundId])) as { seal_digest: string | null; kind: RoundKind }[];
  const kind = round?.kind ?? 'CONFIDENCE_POLL';
  const nominees = (await em.query(`SELECT id FROM nominee WHERE round_id = $1 ORDER BY ballot_order`, [roundId])) as { id: string }[];
  const ballots = (await em.query(
    `SELECT position, nonce, marks, prev_hash, hash FROM ballot WHERE round_id = $1 ORDER BY position`,
    [roundId],
  )) as { position: number; nonce: string; marks: string; prev_hash: string; hash: string }[];
  const [{ used }] = (await em.query(`SELECT count(*)::int AS used FROM ballot_token WHERE round_id = $1 AND used`, [roundId])) as [{ used: number }];

  const breaks: ChainBreak[] = [];
  let prev = genesisHash(roundId);
  ballots.forEach((b, i) => {
    if (b.position !== i + 1) breaks.push({ position: b.position, hash: b.hash, problem: `position ${b.position} where ${i + 1} was expected` });
    if (b.prev_hash !== prev) breaks.push({ position: b.position, hash: b.hash, problem: 'does not link to the ballot before it' });
    if (b.marks.length !== nominees.length) breaks.push({ position: b.position, hash: b.hash, problem: `has ${b.marks.length} marks for ${nominees.length} nominees` });
    if (!marksFitKind(b.marks, kind)) breaks.push({ position: b.position, hash: b.hash, problem: `holds a mark that a ${kind} ballot does not take` });
    if (ballotHash({ roundId, position: b.position, nonce: b.nonce, marks: b.marks, prevHash: b.prev_hash }) !== b.hash) {
      breaks.push({ position: b.position, hash: b.hash, problem: 'its content does not match its hash: the ballot was changed' });
    }
    prev = b.hash;
  });
  if (used !== ballots.length) {
    breaks.push({ position: 0, hash: '', problem: `${used} ballot codes were spent but the log holds ${ballots.length} ballots` });
  }
  const tally = tallyMarks(ballots.map((b) => b.marks), nominees.length);
  const head = ballots.at(-1)?.hash ?? genesisHash(roundId);

  // A line holds one kind's columns and NULL in the other's; the log counts the other kind's marks as 0.
  const minutes = (await em.query(
    `SELECT l.nominee_id, coalesce(l.high, 0) AS high, coalesce(l.confident, 0) AS confident, coalesce(l.low, 0) AS low,
            coalesce(l.trust, 0) AS trust, coalesce(l.no_trust, 0) AS "noTrust", l.invalid
       FROM tally_entry e JOIN tally_line l ON l.entry_id = e.id
      WHERE e.round_id = $1 AND e.entered_by = $2`,
    [roundId, BALLOT_LOG],
  )) as ({ nominee_id: string } & LogTally[number])[];
  const tallyMatchesMinutes = minutes.length === 0
    ? null
    : nominees.every((n, i) => {
        const line = minutes.find((m) => m.nominee_id === n.id);
        const t = tally[i];
        return !!line && !!t && (['high', 'confident', 'low', 'trust', 'noTrust', 'invalid'] as const).every((f) => line[f] === t[f]);
      });
  const seal = round?.seal_digest ?? null;
  return {
    roundId,
    ballots: ballots.length,
    tokensUsed: used,
    head,
    intact: breaks.length === 0,
    breaks,
    tally,
    tallyMatchesMinutes,
    sealMatches: seal === null ? null : seal === sealDigest(roundId, ballots.length, head, tally, kind),
  };
}

/** Who "enters" minutes that come from the ballot log, and who "confirms" them: the log and its verification. */
export const BALLOT_LOG = 'system:ballot-log';
export const BALLOT_LOG_VERIFICATION = 'system:ballot-log-verification';
