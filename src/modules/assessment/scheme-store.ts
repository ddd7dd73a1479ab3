import type { DataSource } from 'typeorm';

import { BadInputError, InternalError } from '../../errors';

import { AssessmentSchemeRecord } from './assessment.entity';
import { loadSchemes, validateScheme, type SchemeData } from './scheme';

/**
 * The assessment schemes as stored by the seed step (`seeds/schemes/`), read once per process:
 * the seed step writes them, scorecards, findings and appeals read them.
 */
export class SchemeStore {
  private cache: Promise<SchemeData[]> | null = null;

  constructor(private readonly ds: DataSource) {}

  /** The seed step: stores the schemes of `seeds/schemes/`; loading twice changes nothing. */
  async ensureSchemes(): Promise<number> {
    const schemes = loadSchemes();
    for (const s of schemes) {
      const problems = validateScheme(s);
      if (problems.length) throw new InternalError(`scheme ${s.code}: ${problems.join('; ')}`);
    }
    const existing = await this.ds.getRepository(AssessmentSchemeRecord).find();
    const same = new Map(existing.map((e) => [e.code, JSON.stringify(e.data)]));
    const changed = schemes.filter((s) => same.get(s.code) !== JSON.stringify(s));
    if (changed.length) {
      await this.ds.getRepository(AssessmentSchemeRecord).upsert(
        changed.map((s) => ({ code: s.code, data: s, loadedAt: new Date() })),
        ['code'],
      );
    }
    this.cache = null;
    return changed.length;
  }

  /** The schemes as stored by the seed step, by code. */
  async schemes(): Promise<SchemeData[]> {
    this.cache ??= this.ds
      .getRepository(AssessmentSchemeRecord)
      .find({ order: { code: 'ASC' } })
      .then((rows) => rows.map((r) => r.data));
    return this.cache;
  }

  /** One scheme by its code; BAD_USER_INPUT naming the known ones otherwise. */
  async scheme(code: string, path = 'scheme'): Promise<SchemeData> {
    const all = await this.schemes();
    const s = all.find((x) => x.code === code);
    if (!s) {
      throw new BadInputError(
        `没有考核方案 ${code}（可用：${all.map((x) => x.code).join('、')}）`,
        [{ path, message: '考核方案不存在' }],
      );
    }
    return s;
  }
}
