import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';

import { actorOf, type Context } from '../../context';

import { LegalDocument } from './legal-document.entity';
import { CreateLegalDocumentInput } from './power.input';

@Resolver(() => LegalDocument)
export class LegalDocumentResolver {
  @Authorized()
  @Query(() => LegalDocument, { nullable: true })
  async legalDocument(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<LegalDocument> {
    return ctx.services.legalDocuments.get(id);
  }

  @Authorized()
  @Query(() => [LegalDocument], { description: 'Documents whose title or issuer holds the text' })
  async legalDocuments(
    @Ctx() ctx: Context,
    @Arg('search', () => String, { nullable: true }) search?: string,
  ): Promise<LegalDocument[]> {
    return ctx.services.legalDocuments.search(search);
  }

  @Authorized('ADMIN', 'LEGAL_REVIEWER')
  @Mutation(() => LegalDocument)
  async createLegalDocument(
    @Arg('input') input: CreateLegalDocumentInput,
    @Ctx() ctx: Context,
  ): Promise<LegalDocument> {
    return ctx.services.legalDocuments.create(input, actorOf(ctx));
  }
}
