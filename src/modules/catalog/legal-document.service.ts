import type { DataSource } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import { BadInputError, ConflictError, NotFoundError } from '../../errors';

import { LegalDocument } from './legal-document.entity';
import type { CreateLegalDocumentInput } from './power.input';

/** Escapes LIKE wildcards so a user's text matches literally. */
export function likePattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The laws and documents that powers cite. They are public: every signed-in user reads them. */
export class LegalDocumentService {
  constructor(private readonly ds: DataSource) {}

  async get(id: string): Promise<LegalDocument> {
    const doc = await this.ds.getRepository(LegalDocument).findOneBy({ id });
    if (!doc) throw new NotFoundError(`法律文件 ${id} 不存在`);
    return doc;
  }

  /** Documents whose title or issuer contains the text; all of them without one. */
  async search(text: string | null | undefined): Promise<LegalDocument[]> {
    const qb = this.ds
      .getRepository(LegalDocument)
      .createQueryBuilder('d')
      .orderBy('d.promulgatedOn', 'DESC')
      .addOrderBy('d.title', 'ASC')
      .limit(500);
    if (text?.trim()) {
      qb.where('(d.title ILIKE :q OR d.issuer ILIKE :q)', { q: likePattern(text) });
    }
    return qb.getMany();
  }

  async create(input: CreateLegalDocumentInput, actor: Actor): Promise<LegalDocument> {
    if (input.effectiveOn && input.effectiveOn < input.promulgatedOn) {
      throw new BadInputError('施行日期不能早于公布日期', [
        { path: 'input.effectiveOn', message: '施行日期不能早于公布日期' },
      ]);
    }
    return this.ds.transaction(async (m) => {
      const title = input.title.trim();
      if (await m.existsBy(LegalDocument, { title, promulgatedOn: input.promulgatedOn })) {
        throw new ConflictError(`法律文件《${title}》（${input.promulgatedOn}）已存在`);
      }
      const doc = m.create(LegalDocument, {
        title,
        issuer: input.issuer.trim(),
        level: input.level,
        promulgatedOn: input.promulgatedOn,
        effectiveOn: input.effectiveOn ?? null,
        repealedOn: null,
      });
      await m.insert(LegalDocument, doc);
      await writeAudit(m, actor, {
        operation: 'createLegalDocument',
        entityIds: [doc.id],
        after: {
          title: doc.title,
          issuer: doc.issuer,
          level: doc.level,
          promulgatedOn: doc.promulgatedOn,
        },
      });
      return doc;
    });
  }
}
