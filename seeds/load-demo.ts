import type { Logger } from 'pino';
import { In, type DataSource } from 'typeorm';

import type { Actor } from '../src/common/audit';
import { User } from '../src/modules/auth/user.entity';
import { LegalDocument } from '../src/modules/catalog/legal-document.entity';
import { Power } from '../src/modules/catalog/power.entity';
import { Region } from '../src/modules/catalog/region.entity';
import { Unit } from '../src/modules/catalog/unit.entity';
import type { VersionContent } from '../src/modules/catalog/versioning';
import type { Services } from '../src/services';

import { buildDemoData, type DemoPower } from './demo-catalog';
import { writeDemoHistory } from './demo-history';

/** The password every demo user shares (DEMO_PASSWORD overrides it). */
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'Demo@2026';

const SEED_ACTOR: Actor = { userId: null, requestId: 'seed' };

/**
 * Loads the demo catalog through the services, skipping whatever is already there (by region
 * code, unit code, document title and date, power code, username): loading twice changes nothing.
 * The powers come with their past (see writeDemoHistory), so a scorecard of 2025 finds something.
 */
export async function seedDemo(ds: DataSource, services: Services, log?: Logger) {
  const data = buildDemoData();

  const regionIds = new Map(
    (await ds.getRepository(Region).find()).map((r) => [r.code, r.id] as const),
  );
  for (const r of data.regions) {
    if (regionIds.has(r.code)) continue;
    const created = await services.regions.createRegion(
      {
        code: r.code,
        name: r.name,
        level: r.level,
        parentId: r.parentCode ? regionIds.get(r.parentCode) : null,
      },
      SEED_ACTOR,
    );
    regionIds.set(r.code, created.id);
  }

  const unitIds = new Map(
    (await ds.getRepository(Unit).find()).map((u) => [u.code, u.id] as const),
  );
  for (const u of data.units) {
    if (unitIds.has(u.code)) continue;
    const created = await services.regions.createUnit(
      { code: u.code, name: u.name, regionId: regionIds.get(u.regionCode)! },
      SEED_ACTOR,
    );
    unitIds.set(u.code, created.id);
  }

  const docs = await ds.getRepository(LegalDocument).find();
  const lawIds = new Map<string, string>();
  for (const law of data.laws) {
    let doc = docs.find((d) => d.title === law.title && d.promulgatedOn === law.promulgatedOn);
    doc ??= await services.legalDocuments.create(
      {
        title: law.title,
        issuer: law.issuer,
        level: law.level,
        promulgatedOn: law.promulgatedOn,
        effectiveOn: law.effectiveOn,
      },
      SEED_ACTOR,
    );
    if (law.repealedOn && !doc.repealedOn) {
      await ds.getRepository(LegalDocument).update({ id: doc.id }, { repealedOn: law.repealedOn });
    }
    lawIds.set(law.key, doc.id);
  }

  const users = await ds
    .getRepository(User)
    .find({ where: { username: In(data.users.map((u) => u.username)) } });
  const have = new Set(users.map((u) => u.username));
  for (const u of data.users) {
    if (have.has(u.username)) continue;
    await services.auth.createUser(
      {
        username: u.username,
        password: DEMO_PASSWORD,
        role: u.role,
        unitId: u.unitCode ? unitIds.get(u.unitCode) : null,
        regionId: u.regionCode ? regionIds.get(u.regionCode) : null,
      },
      SEED_ACTOR,
    );
  }
  const existing = new Set(
    (
      await ds.getRepository(Power).find({
        where: { code: In(data.powers.map((p) => p.content.code!)) },
        select: { code: true },
      })
    ).map((p) => p.code),
  );
  const toWrite = data.powers.filter((p) => !existing.has(p.content.code!));
  const contentOf = (p: DemoPower): VersionContent => ({
    ...p.content,
    code: p.content.code!,
    name: p.content.name!,
    category: p.content.category!,
    subject: {
      unitId: unitIds.get(p.content.subject!.unitCode)!,
      type: p.content.subject!.type,
      entrustingParty: p.content.subject!.entrustingParty ?? null,
      coImplementerIds: (p.content.subject!.coImplementerUnitCodes ?? []).map((c) =>
        unitIds.get(c)!,
      ),
    },
    legalBases: (p.content.legalBases ?? []).map((b) => ({
      documentId: lawIds.get(b.lawKey)!,
      articles: b.articles,
      excerpt: b.excerpt ?? null,
    })),
  });
  const regionChain = new Map(
    data.units.map((u) => {
      const chain: string[] = [];
      for (let r = data.regions.find((x) => x.code === u.regionCode); r;) {
        chain.push(r.code);
        r = data.regions.find((x) => x.code === r!.parentCode);
      }
      return [u.code, chain] as const;
    }),
  );
  const userIds = new Map(
    (
      await ds
        .getRepository(User)
        .find({ where: { username: In(data.users.map((u) => u.username)) } })
    ).map((u) => [u.username, u.id] as const),
  );
  await writeDemoHistory(
    ds,
    services,
    data,
    toWrite,
    contentOf,
    {
      unitIds,
      lawIds,
      userIds,
      regionChain,
    },
    SEED_ACTOR,
  );

  log?.info({ powersImported: toWrite.length }, 'demo catalog loaded');
  return {
    users: data.users.map((u) => ({
      username: u.username,
      role: u.role,
      of: u.unitCode ? `unit ${u.unitCode}` : `region ${u.regionCode}`,
    })),
    password: DEMO_PASSWORD,
    powersImported: toWrite.length,
  };
}
