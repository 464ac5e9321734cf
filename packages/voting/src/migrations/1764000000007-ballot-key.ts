import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ballot codes are stored as hashes keyed with the service's ballot key (R2), so a database reader
 * cannot trace a spent code's row back to a printed code. A round names the key its codes were
 * issued under, once, so a service started with another key can say so instead of refusing every code.
 */
export class BallotKey1764000000007 implements MigrationInterface {
  name = 'BallotKey1764000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE round ADD COLUMN ballot_key_id text
      CONSTRAINT round_ballot_key_id_check CHECK (ballot_key_id ~ '^[0-9a-f]{16}$')`);
    await q.query(`
      CREATE FUNCTION round_ballot_key_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.ballot_key_id IS NOT NULL AND NEW.ballot_key_id IS DISTINCT FROM OLD.ballot_key_id THEN
          RAISE EXCEPTION 'the ballot codes of round % were issued under one key, which stays recorded', OLD.id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER round_ballot_key_fixed BEFORE UPDATE ON round
      FOR EACH ROW EXECUTE FUNCTION round_ballot_key_fixed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER round_ballot_key_fixed ON round`);
    await q.query(`DROP FUNCTION round_ballot_key_fixed()`);
    await q.query(`ALTER TABLE round DROP COLUMN ballot_key_id`);
  }
}
