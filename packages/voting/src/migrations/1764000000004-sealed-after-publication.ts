import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counting minutes and confirmations are written only while a round counts
 * or, as a correction, while it is closed; once published, a result is sealed
 * (R13): the database refuses even a client that bypasses the service.
 */
export class SealedAfterPublication1764000000004 implements MigrationInterface {
  name = 'SealedAfterPublication1764000000004';

  async up(q: QueryRunner): Promise<void> {
    // One function per table: PL/pgSQL resolves NEW's fields when it plans a statement.
    await q.query(`
      CREATE FUNCTION tally_entry_only_while_counting_or_closed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refuse_unless_counting_or_closed(NEW.round_id);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION tally_confirmation_only_while_counting_or_closed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refuse_unless_counting_or_closed((SELECT round_id FROM tally_entry WHERE id = NEW.entry_id));
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION refuse_unless_counting_or_closed(target uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE round_status text;
      BEGIN
        SELECT status INTO round_status FROM round WHERE id = target;
        IF round_status IS DISTINCT FROM 'COUNTING' AND round_status IS DISTINCT FROM 'CLOSED' THEN
          RAISE EXCEPTION 'minutes of a % round cannot be written', round_status USING ERRCODE = 'insufficient_privilege';
        END IF;
      END $$`);
    for (const table of ['tally_entry', 'tally_confirmation']) {
      await q.query(`CREATE TRIGGER ${table}_only_while_counting_or_closed BEFORE INSERT ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ${table}_only_while_counting_or_closed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['tally_entry', 'tally_confirmation']) {
      await q.query(`DROP TRIGGER ${table}_only_while_counting_or_closed ON ${table}`);
      await q.query(`DROP FUNCTION ${table}_only_while_counting_or_closed`);
    }
    await q.query(`DROP FUNCTION refuse_unless_counting_or_closed`);
  }
}
