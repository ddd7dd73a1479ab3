import { IsOptional, IsString, MaxLength } from 'class-validator';
import { JSONResolver } from 'graphql-scalars';
import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';

import { requireUser, type Context } from '../context';
import { BadInputError } from '../errors';
import { whereInSubtree } from '../modules/access/access';
import { PageArgs } from '../modules/catalog/power.resolver';

import { AuditEntry } from './audit-entry.entity';
import { connectionOf, countOf, pageArgs, toConnection } from './pagination';
import { DateTimeScalar } from './scalars';
import { Nested } from './validation';

@ObjectType('AuditEntry')
class AuditEntryType {
  @Field(() => ID) id: string;
  @Field(() => DateTimeScalar) at: Date;
  @Field(() => ID, { nullable: true }) userId: string | null;
  @Field() operation: string;
  @Field(() => [String]) entityIds: string[];
  @Field(() => JSONResolver, { nullable: true }) before: unknown;
  @Field(() => JSONResolver, { nullable: true }) after: unknown;
  @Field(() => String, { nullable: true }) requestId: string | null;
}

@InputType('AuditFilter')
class AuditFilter {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) operation?:
    string | null;
  @Field(() => ID, { nullable: true, description: 'entries that touched this id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) @IsOptional() from?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) @IsOptional() to?: Date | null;
}

@ArgsType()
class AuditArgs extends PageArgs {
  @Field(() => AuditFilter, { nullable: true }) @Nested() filter?: AuditFilter | null;
}

const AuditEntryConnection = connectionOf(AuditEntryType, 'AuditEntry');

@Resolver()
export class AuditResolver {
  /**
   * The audit log, newest first: admins see all of it; assessors the entries about their
   * region's subtree.
   */
  @Authorized('ADMIN', 'ASSESSOR')
  @Query(() => AuditEntryConnection)
  async auditEntries(@Args() args: AuditArgs, @Ctx() ctx: Context) {
    const { scope } = requireUser(ctx);
    const page = pageArgs(args.first, args.after);
    const qb = ctx.ds.getRepository(AuditEntry).createQueryBuilder('a');
    if (scope.kind !== 'all') {
      whereInSubtree(qb, 'a.scope_path', scope.path);
    }
    const f = args.filter;
    if (f?.operation) qb.andWhere('a.operation = :op', { op: f.operation });
    if (f?.entityId) qb.andWhere(':eid = ANY(a.entity_ids)', { eid: f.entityId });
    if (f?.from) qb.andWhere('a.at >= :from', { from: f.from });
    if (f?.to) qb.andWhere('a.at < :to', { to: f.to });
    const total = countOf(qb);
    if (page.after) {
      if (!/^\d+$/.test(page.after))
        throw new BadInputError('after 游标无效', [{ path: 'after', message: '游标无效' }]);
      qb.andWhere('a.id < :after', { after: page.after });
    }
    const rows = await qb
      .orderBy('a.id', 'DESC')
      .limit(page.first + 1)
      .getMany();
    return toConnection(rows, page.first, (a) => a.id, total);
  }
}
