import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Electronic secret ballots (R2, R13). Tokens are kept only as SHA-256 hashes,
 * inserted in random order and without any time or sequence, so the table
 * says nothing about the order in which codes were handed out. A ballot row
 * holds the marks, a random nonce and its place in the round's hash chain:
 * no voter, no token, no time. Ballots are append-only; a published round
 * carries the digest that seals its chain and tally.
 */
export class ElectronicBallots1764000000005 implements MigrationInterface {
  name = 'ElectronicBallots1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE round DROP CONSTRAINT round_mode_check`);
    await q.query(`ALTER TABLE round ADD CONSTRAINT round_mode_check CHECK (mode IN ('PAPER', 'ELECTRONIC'))`);
    await q.query(`ALTER TABLE round ADD COLUMN tokens_issued int CHECK (tokens_issued >= 0)`);
    await q.query(`ALTER TABLE round ADD COLUMN seal_digest text`);

    await q.query(`
      CREATE TABLE ballot_token (
        token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        round_id uuid NOT NULL REFERENCES round (id),
        used boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      CREATE FUNCTION ballot_token_used_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.used OR NEW.token_hash <> OLD.token_hash OR NEW.round_id <> OLD.round_id THEN
          RAISE EXCEPTION 'ballot tokens are only ever marked used, once' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER ballot_token_used_once BEFORE UPDATE OR DELETE ON ballot_token
      FOR EACH ROW EXECUTE FUNCTION ballot_token_used_once()`);

    await q.query(`
      CREATE TABLE ballot (
        round_id uuid NOT NULL REFERENCES round (id),
        position int NOT NULL CHECK (position > 0),
        nonce text NOT NULL CHECK (nonce ~ '^[0-9a-f]{32}$'),
        marks text NOT NULL CHECK (marks ~ '^[0-3]+$'),
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE,
        PRIMARY KEY (round_id, position)
      )`);
    await q.query(`CREATE TRIGGER ballot_append_only BEFORE UPDATE OR DELETE ON ballot
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER ballot_no_truncate BEFORE TRUNCATE ON ballot
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    // Ballots go only into an open electronic round.
    await q.query(`
      CREATE FUNCTION ballot_only_while_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM round WHERE id = NEW.round_id AND status = 'OPEN' AND mode = 'ELECTRONIC') THEN
          RAISE EXCEPTION 'round % is not taking electronic ballots', NEW.round_id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER ballot_only_while_open BEFORE INSERT ON ballot
      FOR EACH ROW EXECUTE FUNCTION ballot_only_while_open()`);

    // As before, plus: the seal is set once, when the round is published.
    await q.query(`
      CREATE OR REPLACE FUNCTION round_frozen_after_close() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'rounds are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.tokens_issued IS NOT NULL AND NEW.tokens_issued IS DISTINCT FROM OLD.tokens_issued THEN
          RAISE EXCEPTION 'ballot tokens of round % were already issued', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.seal_digest IS DISTINCT FROM OLD.seal_digest
           AND NOT (OLD.seal_digest IS NULL AND OLD.status = 'CLOSED' AND NEW.status = 'PUBLISHED') THEN
          RAISE EXCEPTION 'the seal of round % is set once, at publication', OLD.id USING ERRCODE = 'insufficient_privilege';
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ballot, ballot_token`);
    await q.query(`DROP FUNCTION ballot_only_while_open, ballot_token_used_once`);
    await q.query(`ALTER TABLE round DROP COLUMN seal_digest, DROP COLUMN tokens_issued`);
  }
}
