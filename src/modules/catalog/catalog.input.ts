import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

import { REGION_LEVELS, RegionLevelEnum, type RegionLevel } from '../../common/enums';
import { Nested, Pattern, Text } from '../../common/validation';
import { WindowPolicyInput } from '../change/window-policy';

@InputType('CreateRegionInput')
export class CreateRegionInput {
  @Field()
  @Pattern(/^\d{6}$/, '地区代码应为 6 位行政区划代码')
  code: string;

  @Field()
  @Text(100)
  name: string;

  @Field(() => RegionLevelEnum)
  @IsIn(REGION_LEVELS, { message: '地区级别无效' })
  level: RegionLevel;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '上级地区 ID 无效' })
  parentId?: string | null;

  @Field(() => WindowPolicyInput, { nullable: true })
  @Nested()
  windowPolicy?: WindowPolicyInput | null;
}

@InputType('CreateUnitInput')
export class CreateUnitInput {
  @Field()
  @Pattern(/^[0-9A-Za-z]{3,32}$/, '单位编码应为 3–32 位字母或数字')
  code: string;

  @Field()
  @Text(100)
  name: string;

  @Field(() => ID)
  @IsUUID('all', { message: '地区 ID 无效' })
  regionId: string;
}
