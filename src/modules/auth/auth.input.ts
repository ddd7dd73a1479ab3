import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';

import { ROLES, RoleEnum, type Role } from '../../common/enums';
import { Password, Pattern } from '../../common/validation';

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field()
  @Pattern(/^[A-Za-z0-9_.-]{3,64}$/, '用户名为 3–64 位字母、数字、下划线、点或连字符')
  username: string;

  @Field()
  @Password()
  password: string;

  @Field(() => RoleEnum)
  @IsIn(ROLES, { message: '角色无效' })
  role: Role;

  @Field(() => ID, { nullable: true, description: 'UNIT_LEGAL and UNIT_OPERATOR' })
  @IsOptional()
  @IsUUID('all', { message: '单位 ID 无效' })
  unitId?: string | null;

  @Field(() => ID, { nullable: true, description: 'LEGAL_REVIEWER and ASSESSOR' })
  @IsOptional()
  @IsUUID('all', { message: '地区 ID 无效' })
  regionId?: string | null;
}

/** changePassword's arguments: the old password, and a new one under createUser's policy. */
@ArgsType()
export class ChangePasswordArgs {
  @Field()
  @IsString()
  @MaxLength(128, { message: '密码不能超过 128 个字符' })
  oldPassword: string;

  @Field()
  @Password()
  newPassword: string;
}
