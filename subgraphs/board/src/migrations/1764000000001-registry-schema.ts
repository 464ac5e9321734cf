import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RegistrySchema1764000000001 implements MigrationInterface {
  name = 'RegistrySchema1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE official (
        code text PRIMARY KEY CHECK (length(trim(code)) > 0),
        full_name text NOT NULL CHECK (length(trim(full_name)) > 0),
        managed_by text NOT NULL CHECK (managed_by IN ('STANDING_BOARD', 'AGENCY')),
        retirement_announced_on date,
        elected_or_appointed_on date
      )`);
    await q.query(`
      CREATE TABLE official_post (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        official_code text NOT NULL REFERENCES official (code),
        line text NOT NULL CHECK (line IN ('PARTY', 'COUNCIL', 'COMMITTEE')),
        title text NOT NULL CHECK (length(trim(title)) > 0),
        body text NOT NULL CHECK (length(trim(body)) > 0),
        UNIQUE (official_code, line, title, body)
      )`);
    await q.query(`CREATE INDEX official_post_official ON official_post (official_code)`);
    await q.query(`CREATE INDEX official_managed_by ON official (managed_by, code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE official_post, official`);
  }
}
