import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Follow-up decisions (R12): append-only, so the history of decisions is never overwritten. */
export class FollowUp1764000000002 implements MigrationInterface {
  name = 'FollowUp1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        agency text NOT NULL CHECK (agency IN ('party', 'council', 'committee')),
        nominee_id uuid NOT NULL,
        round_id uuid NOT NULL,
        official_code text NOT NULL REFERENCES official (code),
        decision text NOT NULL CHECK (decision IN ('REMOVED_FROM_PLANNING', 'RESIGNED', 'RELIEVED', 'DISMISSED',
          'REASSIGNED_LOWER', 'BINDING_VOTE_SCHEDULED', 'NO_ACTION')),
        decided_on date NOT NULL,
        document_ref text NOT NULL CHECK (length(trim(document_ref)) > 0),
        note text,
        recorded_by text NOT NULL,
        recorded_by_name text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (decision <> 'NO_ACTION' OR length(trim(coalesce(note, ''))) > 0)
      )`);
    await q.query(`CREATE INDEX follow_up_result ON follow_up_decision (agency, nominee_id, seq)`);
    await q.query(`
      CREATE FUNCTION follow_up_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'follow_up_decision is append-only: record a new decision instead'
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER follow_up_append_only BEFORE UPDATE OR DELETE ON follow_up_decision
      FOR EACH ROW EXECUTE FUNCTION follow_up_append_only()`);
    await q.query(`CREATE TRIGGER follow_up_no_truncate BEFORE TRUNCATE ON follow_up_decision
      FOR EACH STATEMENT EXECUTE FUNCTION follow_up_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE follow_up_decision`);
    await q.query(`DROP FUNCTION follow_up_append_only`);
  }
}
