import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';

import { actorOf, type Context, requireUser } from '../../context';
import { UnauthenticatedError } from '../../errors';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';

import { ChangePasswordArgs, CreateUserInput } from './auth.input';
import { User } from './user.entity';

@ObjectType('AuthPayload')
class AuthPayload {
  @Field()
  token: string;

  @Field(() => User)
  user: User;
}

@Resolver(() => User)
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Exchanges a username and password for a token' })
  async login(
    @Arg('username') username: string,
    @Arg('password') password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return ctx.services.auth.login(username, password, {
      address: ctx.clientAddress ?? 'unknown',
      requestId: ctx.requestId,
    });
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Revokes the token it is called with' })
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    const { user, scope } = requireUser(ctx);
    if (!ctx.token) throw new UnauthenticatedError();
    await ctx.services.auth.logout({ user, scope, token: ctx.token }, actorOf(ctx));
    return true;
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Sets a new password (the old one first) and revokes every token of the user',
  })
  async changePassword(@Args() args: ChangePasswordArgs, @Ctx() ctx: Context): Promise<boolean> {
    const { user, scope } = requireUser(ctx);
    if (!ctx.token) throw new UnauthenticatedError();
    await ctx.services.auth.changePassword(
      { user, scope, token: ctx.token },
      args.oldPassword,
      args.newPassword,
      actorOf(ctx),
    );
    return true;
  }

  @Authorized()
  @Query(() => User)
  me(@Ctx() ctx: Context): User {
    return requireUser(ctx).user;
  }

  @Authorized('ADMIN')
  @Mutation(() => User)
  async createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: Context): Promise<User> {
    return ctx.services.auth.createUser(input, actorOf(ctx));
  }

  @FieldResolver(() => Unit, { nullable: true })
  async unit(@Root() user: User, @Ctx() ctx: Context): Promise<Unit | null> {
    return user.unitId ? ctx.loaders.unit.load(user.unitId) : null;
  }

  @FieldResolver(() => Region, { nullable: true })
  async region(@Root() user: User, @Ctx() ctx: Context): Promise<Region | null> {
    return user.regionId ? ctx.loaders.region.load(user.regionId) : null;
  }
}
