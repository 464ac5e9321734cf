import type { DataSource } from 'typeorm';

export interface AuditRecord {
  /** Null for a caller without a token. */
  readonly subject: string | null;
  readonly roles: readonly string[];
  /** The mutation field, e.g. `createPartyRound`. */
  readonly operation: string;
  readonly inputDigest: string;
  /** `ok`, or the error's `extensions.code`. */
  readonly outcome: string;
}

export interface AuditEntry extends AuditRecord {
  readonly seq: string;
  readonly at: Date;
}

export interface AuditQuery {
  readonly from?: Date | null;
  readonly to?: Date | null;
  readonly limit: number;
  readonly offset: number;
}

export async function appendAuditEntry(db: DataSource, record: AuditRecord): Promise<void> {
  await db.query(`INSERT INTO audit_log (subject, roles, operation, input_digest, outcome) VALUES ($1, $2, $3, $4, $5)`, [
    record.subject,
    [...record.roles],
    record.operation,
    record.inputDigest,
    record.outcome,
  ]);
}

/** Entries in the order they were written, `from` inclusive and `to` exclusive, with the total that match. */
export async function readAuditLog(db: DataSource, query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
  const where = `WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)`;
  const bounds = [query.from ?? null, query.to ?? null];
  const [rows, [count]] = await Promise.all([
    db.query(
      `SELECT seq::text AS seq, at, subject, roles, operation, input_digest AS "inputDigest", outcome
         FROM audit_log ${where} ORDER BY seq LIMIT $3 OFFSET $4`,
      [...bounds, query.limit, query.offset],
    ) as Promise<AuditEntry[]>,
    db.query(`SELECT count(*)::int AS total FROM audit_log ${where}`, bounds) as Promise<{ total: number }[]>,
  ]);
  return { items: rows, total: count?.total ?? 0 };
}
