import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `power_version_check.bases`: the version's legal bases as the checks read them (document and
 * articles, in their order), stored with its checks, so a card's evidence reads them with the
 * check row instead of aggregating the version's basis rows for each defective power (a city's
 * 1,600: 10 ms of its evidence statements, issue 11). A version's bases never change; the checks
 * stored from now on carry them (`storeContentChecks`), the stored ones get them here.
 */
export class VersionCheckBases1764910000000 implements MigrationInterface {
  name = 'VersionCheckBases1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "power_version_check" ADD "bases" json`);
    await q.query(`
      UPDATE power_version_check c
         SET bases = coalesce((SELECT json_agg(json_build_object('documentId', b.document_id,
                                                               'articles', b.articles) ORDER BY b.ord)
                                 FROM power_version_basis b WHERE b.version_id = c.version_id), '[]')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "power_version_check" DROP COLUMN "bases"`);
  }
}
