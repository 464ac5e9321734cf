import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log of a subgraph, the same table in every database (the three
 * agencies' and the board's): who called which mutation, when, with which
 * input digest, and how it ended. Append-only: PostgreSQL refuses UPDATE,
 * DELETE and TRUNCATE, so not even the service's own login can rewrite it.
 */
export class AuditLog1764000000008 implements MigrationInterface {
  name = 'AuditLog1764000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        subject text,
        roles text[] NOT NULL,
        operation text NOT NULL,
        input_digest char(64) NOT NULL CHECK (input_digest ~ '^[0-9a-f]{64}$'),
        outcome text NOT NULL CHECK (outcome ~ '^(ok|[A-Z_]+)$')
      )`);
    await q.query(`CREATE INDEX audit_log_at ON audit_log (at)`);
    // A function of its own (not the voting engine's refuse_change): the board's database has none.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: entries cannot be changed or deleted'
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only`);
  }
}
