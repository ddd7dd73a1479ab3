import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stored content checks of each power's latest version, beside it in `power_state`: the
 * columns of its `power_version_check` row that the assessments' state statement reads, so a
 * power whose latest version is the one in force (nearly all, for a period up to now) is judged
 * from its state row alone, without a look-up of its checks. The look-up cost 2.6 µs a power:
 * a city's state statement 58 -> 34 ms, the province's 540 -> 345 ms (issue 11). A power whose
 * latest version is not the one in force still looks its version's checks up.
 *
 * The copy follows the checks by triggers, so no write path can forget it: checks inserted or
 * updated (stored, upgraded to a new revision, a code judged again) are copied to the state row
 * whose latest version they are of, and removed ones cleared; a new latest version (the version
 * trigger of 1764850000000, replaced here) takes its checks when it has any, none else. A row's
 * copy is either its version's checks or all null (`check_revision` null): readers take it only
 * under the revision they expect.
 */
const COLUMNS = [
  ['revision', 'check_revision', 'integer'],
  ['codes', 'codes', 'text[]'],
  ['category', 'category', 'character varying(16)'],
  ['is_key', 'is_key', 'boolean'],
  ['name_key', 'name_key', 'text'],
  ['document_ids', 'document_ids', 'uuid[]'],
  ['unknown_document_ids', 'unknown_document_ids', 'uuid[]'],
  ['blank_articles', 'blank_articles', 'boolean'],
  ['has_external_flow', 'has_external_flow', 'boolean'],
  ['external_approved_on', 'external_approved_on', 'text'],
  ['has_discretion', 'has_discretion', 'boolean'],
  ['discretion_adjusted_on', 'discretion_adjusted_on', 'text'],
  ['discretion_filed_on', 'discretion_filed_on', 'text'],
  ['code_rule', 'code_rule', 'text'],
  ['code_unit', 'code_unit', 'character varying(32)'],
  ['code_problem', 'code_problem', 'character varying(32)'],
] as const;

/** `(check_revision, codes, …)`: the state row's copies */
const COPIES = `(${COLUMNS.map(([, s]) => s).join(', ')})`;
/** the check row's columns, of the row aliased `c` */
const FROM_CHECK = COLUMNS.map(([c]) => `c.${c}`).join(', ');
const NULLS = COLUMNS.map(() => 'NULL').join(', ');

const TRIGGERS = [
  {
    name: 'check_insert',
    fires: `AFTER INSERT ON "power_version_check" REFERENCING NEW TABLE AS c FOR EACH STATEMENT`,
    body: `UPDATE power_state s SET ${COPIES} = ROW(${FROM_CHECK}) FROM c WHERE s.version_id = c.version_id`,
  },
  {
    name: 'check_update',
    fires: `AFTER UPDATE ON "power_version_check" REFERENCING NEW TABLE AS c FOR EACH STATEMENT`,
    body: `UPDATE power_state s SET ${COPIES} = ROW(${FROM_CHECK}) FROM c WHERE s.version_id = c.version_id`,
  },
  {
    name: 'check_delete',
    fires: `AFTER DELETE ON "power_version_check" REFERENCING OLD TABLE AS c FOR EACH STATEMENT`,
    body: `UPDATE power_state s SET ${COPIES} = ROW(${NULLS}) FROM c WHERE s.version_id = c.version_id`,
  },
];

/** The version trigger's statement (1764850000000), and the new one that copies the checks too. */
const VERSION_INSERT_BEFORE = `UPDATE power_state s
              SET version_id = a.id, version_from = a.valid_from, version_to = a.valid_to
             FROM (SELECT DISTINCT ON (power_id) power_id, id, valid_from, valid_to FROM added
                    ORDER BY power_id, valid_from DESC) a
            WHERE s.power_id = a.power_id
              AND (s.version_from IS NULL OR s.version_from <= a.valid_from)`;
const VERSION_INSERT = `UPDATE power_state s
              SET version_id = a.id, version_from = a.valid_from, version_to = a.valid_to,
                  ${COPIES} = (SELECT ${FROM_CHECK} FROM power_version_check c WHERE c.version_id = a.id)
             FROM (SELECT DISTINCT ON (power_id) power_id, id, valid_from, valid_to FROM added
                    ORDER BY power_id, valid_from DESC) a
            WHERE s.power_id = a.power_id
              AND (s.version_from IS NULL OR s.version_from <= a.valid_from)`;

const versionInsert = (body: string) => `
  CREATE OR REPLACE FUNCTION power_state_on_version_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${body};
    RETURN NULL;
  END $$`;

export class PowerStateChecks1764890000000 implements MigrationInterface {
  name = 'PowerStateChecks1764890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "power_state" ${COLUMNS.map(([, s, type]) => `ADD "${s}" ${type}`).join(', ')}`,
    );
    await q.query(
      `UPDATE power_state s SET ${COPIES} = ROW(${FROM_CHECK})
         FROM power_version_check c WHERE c.version_id = s.version_id`,
    );
    for (const t of TRIGGERS) {
      await q.query(`
        CREATE FUNCTION power_state_on_${t.name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${t.body};
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER "power_state_${t.name}" ${t.fires}
        EXECUTE FUNCTION power_state_on_${t.name}()`);
    }
    await q.query(versionInsert(VERSION_INSERT));
    await q.query(`ANALYZE "power_state"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(versionInsert(VERSION_INSERT_BEFORE));
    for (const t of [...TRIGGERS].reverse()) {
      await q.query(`DROP TRIGGER "power_state_${t.name}" ON "power_version_check"`);
      await q.query(`DROP FUNCTION power_state_on_${t.name}()`);
    }
    await q.query(
      `ALTER TABLE "power_state" ${COLUMNS.map(([, s]) => `DROP COLUMN "${s}"`).join(', ')}`,
    );
  }
}
