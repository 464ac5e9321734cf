import { randomBytes } from 'node:crypto';
import { DomainError, fail } from '@tinnhiem/platform';
import type { DataSource } from 'typeorm';
import { ballotHash, genesisHash } from './chain';
import type { RoundKind } from '../graphql/enums';
import { encodeMarks, MARKS_OF, type BallotMark } from './marks';
import type { BallotKey } from './key';
import { normaliseToken } from './tokens';

export interface MarkInput {
  nomineeId: string;
  mark: BallotMark;
}

export interface Receipt {
  roundId: string;
  /** The ballot's hash: the voter finds it in the published list once the round closes. */
  receipt: string;
}

interface Pending {
  tokenHash: string;
  marks: string;
  resolve: (receipt: Receipt) => void;
  reject: (error: unknown) => void;
}

/**
 * Casts a ballot: the token is spent in the same transaction that appends the
 * ballot to the round's chain, or neither happens. Concurrent ballots of a
 * round are appended in batches, one transaction each, so the chain stays a
 * single line while a durable commit is paid once per batch, not per ballot.
 */
export class BallotBox {
  private readonly queues = new Map<string, Pending[]>();
  private readonly flushing = new Set<string>();

  constructor(
    private readonly db: DataSource,
    private readonly key: BallotKey,
    private readonly maxBatch = 500,
  ) {}

  async cast(token: string, marks: readonly MarkInput[]): Promise<Receipt> {
    const canonical = normaliseToken(token);
    if (!canonical) fail('TOKEN_MALFORMED', 'That is not a ballot code: a code has 26 letters and digits, as printed on your slip.');
    const hash = this.key.tokenHash(canonical);
    const [owner] = (await this.db.query(`SELECT round_id, used FROM ballot_token WHERE token_hash = $1`, [hash])) as { round_id: string; used: boolean }[];
    if (!owner) return this.refuseUnknown();
    if (owner.used) fail('TOKEN_USED', 'This ballot code has already been used: each code casts one ballot.');
    const encoded = await this.encodeForRound(owner.round_id, marks);
    return new Promise<Receipt>((resolve, reject) => {
      const queue = this.queues.get(owner.round_id) ?? [];
      queue.push({ tokenHash: hash, marks: encoded, resolve, reject });
      this.queues.set(owner.round_id, queue);
      void this.flush(owner.round_id);
    });
  }

  /**
   * An unknown code is most often mistyped; but if the service's ballot key is
   * not the one an open round's codes were issued under, every code of that
   * round is unknown, and the voter must hear that the fault is not theirs.
   */
  private async refuseUnknown(): Promise<never> {
    const [stranger] = (await this.db.query(
      `SELECT title FROM round WHERE status = 'OPEN' AND mode = 'ELECTRONIC' AND tokens_issued IS NOT NULL
          AND ballot_key_id IS DISTINCT FROM $1 LIMIT 1`,
      [this.key.id],
    )) as { title: string }[];
    if (stranger) {
      fail('BALLOT_KEY_CHANGED', `The codes of round "${stranger.title}" were issued under another ballot key than the service holds now, so no code of that round can be checked. Tell the counting committee: the operator must restore the ballot key (BALLOT_KEY) the codes were issued under.`);
    }
    return fail('TOKEN_INVALID', 'This ballot code was not issued. Check it against your slip.');
  }

  /** Checks the marks against the ballot: every nominee once, nobody else. */
  private async encodeForRound(roundId: string, marks: readonly MarkInput[]): Promise<string> {
    const rows = (await this.db.query(
      `SELECT n.id, r.status, r.mode, r.kind FROM round r LEFT JOIN nominee n ON n.round_id = r.id WHERE r.id = $1 ORDER BY n.ballot_order`,
      [roundId],
    )) as { id: string | null; status: string; mode: string; kind: RoundKind }[];
    if (rows[0]?.status !== 'OPEN') fail('ROUND_NOT_OPEN', 'This round is not taking ballots now.', { status: rows[0]?.status });
    const nominees = rows.flatMap((r) => (r.id ? [r.id] : []));
    const allowed = MARKS_OF[rows[0].kind];
    const given = new Map<string, BallotMark>();
    for (const { nomineeId, mark } of marks) {
      if (!nominees.includes(nomineeId)) fail('BAD_USER_INPUT', `Nominee "${nomineeId}" is not on this ballot.`);
      if (!allowed.includes(mark)) fail('BAD_USER_INPUT', `${mark} is not a mark of this ballot: it takes ${allowed.join(', ')}.`);
      if (given.has(nomineeId)) fail('BAD_USER_INPUT', 'A nominee was marked twice: give one mark (or BLANK) per nominee.');
      given.set(nomineeId, mark);
    }
    const missing = nominees.filter((id) => !given.has(id)).length;
    if (missing > 0) fail('BALLOT_INCOMPLETE', `${missing} nominee(s) have no mark: give one mark per nominee, or BLANK to leave a row empty.`);
    return encodeMarks(nominees.map((id) => given.get(id) as BallotMark));
  }

  private async flush(roundId: string): Promise<void> {
    if (this.flushing.has(roundId)) return;
    this.flushing.add(roundId);
    try {
      for (;;) {
        const queue = this.queues.get(roundId) ?? [];
        if (queue.length === 0) break;
        const batch = queue.splice(0, this.maxBatch);
        await this.append(roundId, batch).catch((error: unknown) => batch.forEach((p) => p.reject(error)));
      }
    } finally {
      this.flushing.delete(roundId);
    }
  }

  private async append(roundId: string, batch: Pending[]): Promise<void> {
    const outcomes = await this.db.transaction(async (em) => {
      const [round] = (await em.query(`SELECT status FROM round WHERE id = $1 FOR UPDATE`, [roundId])) as { status: string }[];
      if (round?.status !== 'OPEN') {
        return batch.map(() => new DomainError('ROUND_NOT_OPEN', 'This round stopped taking ballots before yours was stored; it was not counted.'));
      }
      const spent = new Set(
        ((await em.query(
          `UPDATE ballot_token SET used = true WHERE round_id = $1 AND token_hash = ANY($2::text[]) AND NOT used RETURNING token_hash`,
          [roundId, [...new Set(batch.map((p) => p.tokenHash))]],
        )) as [{ token_hash: string }[], number])[0].map((r) => r.token_hash),
      );
      const [head] = (await em.query(
        `SELECT position, hash FROM ballot WHERE round_id = $1 ORDER BY position DESC LIMIT 1`,
        [roundId],
      )) as { position: number; hash: string }[];
      let position = head?.position ?? 0;
      let prevHash = head?.hash ?? genesisHash(roundId);
      const rows: { position: number; nonce: string; marks: string; prevHash: string; hash: string }[] = [];
      const results = batch.map((pending) => {
        if (!spent.delete(pending.tokenHash)) {
          return new DomainError('TOKEN_USED', 'This ballot code has already been used: each code casts one ballot.');
        }
        position += 1;
        const nonce = randomBytes(16).toString('hex');
        const hash = ballotHash({ roundId, position, nonce, marks: pending.marks, prevHash });
        rows.push({ position, nonce, marks: pending.marks, prevHash, hash });
        prevHash = hash;
        return { roundId, receipt: hash };
      });
      if (rows.length > 0) {
        await em.query(
          `INSERT INTO ballot (round_id, position, nonce, marks, prev_hash, hash)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
          [roundId, rows.map((r) => r.position), rows.map((r) => r.nonce), rows.map((r) => r.marks), rows.map((r) => r.prevHash), rows.map((r) => r.hash)],
        );
      }
      return results;
    });
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome instanceof Error) pending.reject(outcome);
      else if (outcome) pending.resolve(outcome);
    });
  }
}
