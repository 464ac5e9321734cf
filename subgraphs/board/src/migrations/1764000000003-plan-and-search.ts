import type { MigrationInterface, QueryRunner } from 'typeorm';
import { officialSearchName } from '../search';

/**
 * The voting plan, and a folded name to search the registry without
 * diacritics. Folding is done in TypeScript (search.ts), not with unaccent,
 * so the backfill here and registerOfficial write the same thing.
 */
export class PlanAndSearch1764000000003 implements MigrationInterface {
  name = 'PlanAndSearch1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE official ADD COLUMN search_name text`);
    const officials = (await q.query(`SELECT code, full_name FROM official`)) as { code: string; full_name: string }[];
    for (const o of officials) {
      await q.query(`UPDATE official SET search_name = $2 WHERE code = $1`, [o.code, officialSearchName(o.code, o.full_name)]);
    }
    // A trigram index serves LIKE '%…%', which a B-tree cannot; pg_trgm is a trusted extension.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX official_search_name ON official USING gin (search_name gin_trgm_ops)`);
    await q.query(`CREATE INDEX official_post_body ON official_post (body, line)`);

    await q.query(`
      CREATE TABLE plan_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year int NOT NULL,
        official_code text NOT NULL REFERENCES official (code),
        line text NOT NULL CHECK (line IN ('PARTY', 'COUNCIL', 'COMMITTEE')),
        body text NOT NULL CHECK (length(trim(body)) > 0),
        planned_by text NOT NULL,
        planned_by_name text NOT NULL,
        planned_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        withdrawn_at timestamptz,
        withdrawn_by text,
        withdrawn_by_name text,
        withdrawal_reason text,
        CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL)
           AND (withdrawn_at IS NULL) = (withdrawn_by_name IS NULL)
           AND (withdrawn_at IS NULL) = (withdrawal_reason IS NULL)),
        CHECK (length(trim(coalesce(withdrawal_reason, 'x'))) > 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX plan_entry_active ON plan_entry (year, official_code, line) WHERE withdrawn_at IS NULL`);
    await q.query(`CREATE INDEX plan_entry_year ON plan_entry (year, line, official_code)`);
    // Planned, then at most withdrawn once: nothing else about an entry ever changes.
    await q.query(`
      CREATE FUNCTION plan_entry_withdraw_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Nested: a statement-level TRUNCATE has no OLD row to look at.
        IF TG_OP = 'UPDATE' THEN
          IF OLD.withdrawn_at IS NULL
             AND (NEW.id, NEW.year, NEW.official_code, NEW.line, NEW.body, NEW.planned_by, NEW.planned_by_name, NEW.planned_at)
                 IS NOT DISTINCT FROM (OLD.id, OLD.year, OLD.official_code, OLD.line, OLD.body, OLD.planned_by, OLD.planned_by_name, OLD.planned_at)
          THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'plan_entry keeps its history: an entry is only ever withdrawn, once'
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER plan_entry_withdraw_only BEFORE UPDATE OR DELETE ON plan_entry
      FOR EACH ROW EXECUTE FUNCTION plan_entry_withdraw_only()`);
    await q.query(`CREATE TRIGGER plan_entry_no_truncate BEFORE TRUNCATE ON plan_entry
      FOR EACH STATEMENT EXECUTE FUNCTION plan_entry_withdraw_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_entry`);
    await q.query(`DROP FUNCTION plan_entry_withdraw_only`);
    await q.query(`DROP INDEX official_post_body`);
    await q.query(`DROP INDEX official_search_name`);
    await q.query(`ALTER TABLE official DROP COLUMN search_name`);
  }
}
