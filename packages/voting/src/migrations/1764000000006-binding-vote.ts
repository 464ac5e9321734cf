import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The People's Council's binding vote (bỏ phiếu tín nhiệm, R8, NQ 96/2023/QH15 Art. 13) in the same
 * rounds, minutes and ballot log as the confidence poll. A round says what it votes on (`kind`) and,
 * for a binding vote, what put it on the agenda; both are fixed once planned. A minutes line carries
 * either a poll's three levels or a binding vote's trust and no trust, never both, and only the kind
 * its round is; an electronic ballot carries only the marks its round's kind takes.
 */
export class BindingVote1764000000006 implements MigrationInterface {
  name = 'BindingVote1764000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE round
      ADD COLUMN kind text NOT NULL DEFAULT 'CONFIDENCE_POLL' CONSTRAINT round_kind_check CHECK (kind IN ('CONFIDENCE_POLL', 'BINDING_VOTE')),
      ADD COLUMN trigger_reason text CONSTRAINT round_trigger_reason_check
        CHECK (trigger_reason IN ('LOW_CONFIDENCE_OVER_HALF', 'DELEGATE_PETITION', 'FATHERLAND_FRONT_RECOMMENDATION')),
      ADD COLUMN trigger_nominee_id uuid REFERENCES nominee (id),
      ADD COLUMN trigger_petitioners int,
      ADD COLUMN trigger_document_ref text CONSTRAINT round_trigger_document_ref_check CHECK (length(trim(trigger_document_ref)) > 0)`);
    // A binding vote has a trigger and a confidence poll none; only People's Councils (NQ 96) hold
    // binding votes, and their majority is of all delegates, so the base they name is SUMMONED.
    await q.query(`ALTER TABLE round ADD CONSTRAINT round_binding_vote_check CHECK (
      (kind = 'BINDING_VOTE') = (trigger_reason IS NOT NULL)
      AND (kind = 'CONFIDENCE_POLL' OR (rulebook = 'NQ96' AND base_kind = 'SUMMONED'))
      AND (kind = 'BINDING_VOTE' OR trigger_document_ref IS NULL))`);
    // Each trigger carries its own data and no other's; a petition is at least one third of all delegates.
    await q.query(`ALTER TABLE round ADD CONSTRAINT round_trigger_data_check CHECK (
      (trigger_reason IS NOT DISTINCT FROM 'LOW_CONFIDENCE_OVER_HALF') = (trigger_nominee_id IS NOT NULL)
      AND (trigger_reason IS NOT DISTINCT FROM 'DELEGATE_PETITION') = (trigger_petitioners IS NOT NULL)
      AND (trigger_petitioners IS NULL OR (trigger_petitioners * 3 >= summoned AND trigger_petitioners <= summoned))
      AND (trigger_reason IS DISTINCT FROM 'FATHERLAND_FRONT_RECOMMENDATION' OR trigger_document_ref IS NOT NULL))`);

    // What a round votes on, and why, is fixed when it is planned. A low-confidence trigger must
    // point at a nominee of a published confidence poll (its band is checked by the service, from the minutes).
    await q.query(`
      CREATE FUNCTION round_kind_and_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (NEW.kind, NEW.trigger_reason, NEW.trigger_nominee_id, NEW.trigger_petitioners, NEW.trigger_document_ref)
             IS DISTINCT FROM (OLD.kind, OLD.trigger_reason, OLD.trigger_nominee_id, OLD.trigger_petitioners, OLD.trigger_document_ref) THEN
          RAISE EXCEPTION 'what round % votes on, and why, is fixed when it is planned', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'INSERT' AND NEW.trigger_nominee_id IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM nominee n JOIN round r ON r.id = n.round_id
              WHERE n.id = NEW.trigger_nominee_id AND r.kind = 'CONFIDENCE_POLL' AND r.status = 'PUBLISHED') THEN
          RAISE EXCEPTION 'a binding vote''s low-confidence trigger must be a nominee of a published confidence poll'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER round_kind_and_trigger BEFORE INSERT OR UPDATE ON round
      FOR EACH ROW EXECUTE FUNCTION round_kind_and_trigger()`);

    // Minutes lines: a poll's three levels or a binding vote's two counts, one shape or the other.
    await q.query(`ALTER TABLE tally_line
      ALTER COLUMN high DROP NOT NULL,
      ALTER COLUMN confident DROP NOT NULL,
      ALTER COLUMN low DROP NOT NULL,
      ADD COLUMN trust int CHECK (trust >= 0),
      ADD COLUMN no_trust int CHECK (no_trust >= 0),
      ADD CONSTRAINT tally_line_shape CHECK (
        (high IS NOT NULL AND confident IS NOT NULL AND low IS NOT NULL AND trust IS NULL AND no_trust IS NULL)
        OR (high IS NULL AND confident IS NULL AND low IS NULL AND trust IS NOT NULL AND no_trust IS NOT NULL))`);
    // As before (a nominee's rows within the valid ballots, R4), plus: the shape is its round's kind.
    await q.query(`
      CREATE OR REPLACE FUNCTION tally_line_within_valid_ballots() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE valid int; round_kind text;
      BEGIN
        SELECT e.valid_ballots, r.kind INTO valid, round_kind FROM tally_entry e JOIN round r ON r.id = e.round_id WHERE e.id = NEW.entry_id;
        IF (round_kind = 'BINDING_VOTE') <> (NEW.trust IS NOT NULL) THEN
          RAISE EXCEPTION 'tally line for nominee % does not have the figures of a % round', NEW.nominee_id, round_kind
            USING ERRCODE = 'check_violation';
        END IF;
        IF coalesce(NEW.high, 0) + coalesce(NEW.confident, 0) + coalesce(NEW.low, 0)
           + coalesce(NEW.trust, 0) + coalesce(NEW.no_trust, 0) + NEW.invalid > valid THEN
          RAISE EXCEPTION 'tally line for nominee % adds up to more than the % valid ballots', NEW.nominee_id, valid
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);

    // Ballot marks: 0 blank, 1–3 a poll's levels, 4–5 trust and no trust (ballots/marks.ts).
    await q.query(`ALTER TABLE ballot DROP CONSTRAINT ballot_marks_check`);
    await q.query(`ALTER TABLE ballot ADD CONSTRAINT ballot_marks_check CHECK (marks ~ '^[0-5]+$')`);
    await q.query(`
      CREATE OR REPLACE FUNCTION ballot_only_while_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE round_kind text;
      BEGIN
        SELECT kind INTO round_kind FROM round WHERE id = NEW.round_id AND status = 'OPEN' AND mode = 'ELECTRONIC';
        IF NOT FOUND THEN
          RAISE EXCEPTION 'round % is not taking electronic ballots', NEW.round_id USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- Parenthesised: PL/pgSQL would end the IF condition at the CASE's own THEN.
        IF NEW.marks !~ (CASE round_kind WHEN 'BINDING_VOTE' THEN '^[045]+$' ELSE '^[0-3]+$' END) THEN
          RAISE EXCEPTION 'a ballot of round % holds marks that a % round does not take', NEW.round_id, round_kind
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION ballot_only_while_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM round WHERE id = NEW.round_id AND status = 'OPEN' AND mode = 'ELECTRONIC') THEN
          RAISE EXCEPTION 'round % is not taking electronic ballots', NEW.round_id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`ALTER TABLE ballot DROP CONSTRAINT ballot_marks_check`);
    await q.query(`ALTER TABLE ballot ADD CONSTRAINT ballot_marks_check CHECK (marks ~ '^[0-3]+$')`);
    await q.query(`
      CREATE OR REPLACE FUNCTION tally_line_within_valid_ballots() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE valid int;
      BEGIN
        SELECT valid_ballots INTO valid FROM tally_entry WHERE id = NEW.entry_id;
        IF NEW.high + NEW.confident + NEW.low + NEW.invalid > valid THEN
          RAISE EXCEPTION 'tally line for nominee % adds up to more than the % valid ballots', NEW.nominee_id, valid
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    // Fails while binding votes' lines exist: they have no poll levels to keep.
    await q.query(`ALTER TABLE tally_line DROP CONSTRAINT tally_line_shape, DROP COLUMN trust, DROP COLUMN no_trust,
      ALTER COLUMN high SET NOT NULL, ALTER COLUMN confident SET NOT NULL, ALTER COLUMN low SET NOT NULL`);
    await q.query(`DROP TRIGGER round_kind_and_trigger ON round`);
    await q.query(`DROP FUNCTION round_kind_and_trigger`);
    await q.query(`ALTER TABLE round DROP CONSTRAINT round_trigger_data_check, DROP CONSTRAINT round_binding_vote_check,
      DROP COLUMN trigger_document_ref, DROP COLUMN trigger_petitioners, DROP COLUMN trigger_nominee_id, DROP COLUMN trigger_reason, DROP COLUMN kind`);
  }
}
