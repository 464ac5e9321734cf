import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The voting schema. The invariants of R4 are CHECK constraints, so a tally
 * that breaks them cannot be stored even by a client that bypasses the
 * service; R13 (no falsification) is enforced by triggers: counting minutes and
 * confirmations are append-only, and a closed round is frozen.
 */
export class VotingSchema1764000000000 implements MigrationInterface {
  name = 'VotingSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE round (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(trim(title)) > 0),
        body text NOT NULL CHECK (length(trim(body)) > 0),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2200),
        rulebook text NOT NULL CHECK (rulebook IN ('QD96', 'NQ96')),
        base_kind text NOT NULL CHECK (base_kind IN ('SUMMONED', 'PRESENT', 'ISSUED', 'COLLECTED', 'VALID')),
        mode text NOT NULL CHECK (mode IN ('PAPER')),
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'OPEN', 'COUNTING', 'CLOSED', 'PUBLISHED')),
        summoned int NOT NULL CHECK (summoned > 0),
        present int CHECK (present >= 0 AND present <= summoned),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        opened_at timestamptz,
        counting_at timestamptz,
        closed_at timestamptz,
        published_at timestamptz,
        CHECK (status = 'DRAFT' OR present IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX round_year_status ON round (year, status)`);

    await q.query(`
      CREATE TABLE nominee (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL REFERENCES round (id),
        ballot_order int NOT NULL CHECK (ballot_order > 0),
        official_code text NOT NULL CHECK (length(trim(official_code)) > 0),
        full_name text NOT NULL CHECK (length(trim(full_name)) > 0),
        posts text[] NOT NULL CHECK (cardinality(posts) > 0),
        managed_by text NOT NULL CHECK (managed_by IN ('STANDING_BOARD', 'AGENCY')),
        retirement_announced_on date,
        elected_or_appointed_on date,
        UNIQUE (round_id, official_code),
        UNIQUE (round_id, ballot_order)
      )`);
    await q.query(`CREATE INDEX nominee_official ON nominee (official_code)`);

    await q.query(`
      CREATE TABLE tally_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        round_id uuid NOT NULL REFERENCES round (id),
        entered_by text NOT NULL,
        entered_by_name text NOT NULL,
        entered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        summoned int NOT NULL,
        present int NOT NULL,
        ballots_issued int NOT NULL,
        ballots_collected int NOT NULL,
        valid_ballots int NOT NULL,
        correction_reason text CHECK (correction_reason IS NULL OR length(trim(correction_reason)) > 0),
        CONSTRAINT tally_counts_chain CHECK (
          0 <= valid_ballots AND valid_ballots <= ballots_collected AND ballots_collected <= ballots_issued
          AND ballots_issued <= present AND present <= summoned)
      )`);
    await q.query(`CREATE INDEX tally_entry_round ON tally_entry (round_id, seq)`);

    await q.query(`
      CREATE TABLE tally_line (
        entry_id uuid NOT NULL REFERENCES tally_entry (id),
        nominee_id uuid NOT NULL REFERENCES nominee (id),
        high int NOT NULL CHECK (high >= 0),
        confident int NOT NULL CHECK (confident >= 0),
        low int NOT NULL CHECK (low >= 0),
        invalid int NOT NULL CHECK (invalid >= 0),
        PRIMARY KEY (entry_id, nominee_id)
      )`);

    await q.query(`
      CREATE TABLE tally_confirmation (
        entry_id uuid PRIMARY KEY REFERENCES tally_entry (id),
        confirmed_by text NOT NULL,
        confirmed_by_name text NOT NULL,
        confirmed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);

    // A nominee's rows cannot add up to more than the valid ballots of the minutes (R4).
    await q.query(`
      CREATE FUNCTION tally_line_within_valid_ballots() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE valid int;
      BEGIN
        SELECT valid_ballots INTO valid FROM tally_entry WHERE id = NEW.entry_id;
        IF NEW.high + NEW.confident + NEW.low + NEW.invalid > valid THEN
          RAISE EXCEPTION 'tally line for nominee % adds up to more than the % valid ballots', NEW.nominee_id, valid
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER tally_line_within_valid_ballots BEFORE INSERT ON tally_line
      FOR EACH ROW EXECUTE FUNCTION tally_line_within_valid_ballots()`);

    // The confirming counter must be another person than the one who entered the figures (R13).
    await q.query(`
      CREATE FUNCTION tally_confirmation_by_second_counter() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM tally_entry WHERE id = NEW.entry_id AND entered_by = NEW.confirmed_by) THEN
          RAISE EXCEPTION 'tally entry % cannot be confirmed by the counter who entered it', NEW.entry_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER tally_confirmation_by_second_counter BEFORE INSERT ON tally_confirmation
      FOR EACH ROW EXECUTE FUNCTION tally_confirmation_by_second_counter()`);

    await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: rows cannot be changed or deleted; enter a correction instead', TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['tally_entry', 'tally_line', 'tally_confirmation']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    }

    // Once closed, a round's figures are frozen; it may only move on to PUBLISHED.
    await q.query(`
      CREATE FUNCTION round_frozen_after_close() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'rounds are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.status IN ('CLOSED', 'PUBLISHED') AND (
             NEW.status NOT IN ('CLOSED', 'PUBLISHED') OR (OLD.status = 'PUBLISHED' AND NEW.status <> 'PUBLISHED')
             OR NEW.summoned <> OLD.summoned OR NEW.present IS DISTINCT FROM OLD.present
             OR NEW.title <> OLD.title OR NEW.body <> OLD.body OR NEW.year <> OLD.year
             OR NEW.rulebook <> OLD.rulebook OR NEW.base_kind <> OLD.base_kind OR NEW.mode <> OLD.mode
             OR NEW.closed_at IS DISTINCT FROM OLD.closed_at
             OR (OLD.published_at IS NOT NULL AND NEW.published_at IS DISTINCT FROM OLD.published_at)) THEN
          RAISE EXCEPTION 'round % is closed: its figures are frozen', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER round_frozen_after_close BEFORE UPDATE OR DELETE ON round
      FOR EACH ROW EXECUTE FUNCTION round_frozen_after_close()`);

    // The ballot is fixed once the round opens.
    await q.query(`
      CREATE FUNCTION nominee_only_in_draft() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE round_status text;
      BEGIN
        SELECT status INTO round_status FROM round WHERE id = COALESCE(NEW.round_id, OLD.round_id);
        IF round_status <> 'DRAFT' THEN
          RAISE EXCEPTION 'the ballot of round % is fixed once the round opens', COALESCE(NEW.round_id, OLD.round_id)
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN COALESCE(NEW, OLD);
      END $$`);
    await q.query(`CREATE TRIGGER nominee_only_in_draft BEFORE INSERT OR UPDATE OR DELETE ON nominee
      FOR EACH ROW EXECUTE FUNCTION nominee_only_in_draft()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tally_confirmation, tally_line, tally_entry, nominee, round`);
    await q.query(`DROP FUNCTION refuse_change, tally_line_within_valid_ballots, tally_confirmation_by_second_counter,
      round_frozen_after_close, nominee_only_in_draft`);
  }
}
