import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduled versions (issue 12 item 5): approval may set a later `effective_from`. The power
 * row keeps pointing at what is in force now (`current_version_id`, status and the copies) and
 * says when the next scheduled change takes effect (`next_effective_at`), so a read of `current`
 * stays one join and the promotion step finds what has come into force through one small index.
 *
 * The database still guarantees one version in force at any instant from the first on: besides
 * the exclusion constraint (no overlap) and the one open version, a deferred constraint trigger
 * checks at commit that a power's versions are numbered 1…n, each starting exactly where the one
 * before ends, and only the last one open (no gap, no end).
 */
export class ScheduledVersions1764700000000 implements MigrationInterface {
  name = 'ScheduledVersions1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "power" ADD "next_effective_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE INDEX "ix_power_next_effective" ON "power" ("next_effective_at") WHERE next_effective_at IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "change_request" ADD "effective_from" TIMESTAMP WITH TIME ZONE`);
    // requests approved before: their version (or status) took effect at approval
    await q.query(`UPDATE "change_request" cr
        SET effective_from = coalesce(
          (SELECT v.valid_from FROM power_version v WHERE v.id = cr.applied_version_id),
          (SELECT min(s.at) FROM power_status_change s WHERE s.change_request_id = cr.id),
          cr.decided_at)
      WHERE cr.status = 'APPROVED' AND cr.kind <> 'NO_CHANGE'`);
    await q.query(`CREATE FUNCTION power_version_chain_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  broken integer;
BEGIN
  SELECT x.version_no INTO broken FROM (
    SELECT version_no, valid_from, valid_to,
           lag(version_no) OVER w AS prev_no, lag(valid_to) OVER w AS prev_to,
           lead(version_no) OVER w AS next_no
      FROM power_version WHERE power_id = NEW.power_id
    WINDOW w AS (ORDER BY version_no)) x
   WHERE (x.prev_no IS NULL AND x.version_no <> 1)
      OR (x.prev_no IS NOT NULL
          AND (x.version_no <> x.prev_no + 1 OR x.valid_from IS DISTINCT FROM x.prev_to))
      OR (x.next_no IS NULL AND x.valid_to IS NOT NULL)
   ORDER BY x.version_no LIMIT 1;
  IF broken IS NOT NULL THEN
    RAISE EXCEPTION 'power_version chain of power % broken at version %: versions follow each other without a gap and only the last is open', NEW.power_id, broken
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'ck_power_version_chain';
  END IF;
  RETURN NULL;
END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER "ck_power_version_chain" AFTER INSERT OR UPDATE ON "power_version"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION power_version_chain_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "ck_power_version_chain" ON "power_version"`);
    await q.query(`DROP FUNCTION power_version_chain_guard()`);
    await q.query(`ALTER TABLE "change_request" DROP COLUMN "effective_from"`);
    await q.query(`DROP INDEX "ix_power_next_effective"`);
    await q.query(`ALTER TABLE "power" DROP COLUMN "next_effective_at"`);
  }
}
