import {
  Arg,
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
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';

import { CreateUserInput } from './auth.input';
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
    return ctx.services.auth.login(username, password);
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
