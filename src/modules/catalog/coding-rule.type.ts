import { Field, ObjectType } from 'type-graphql';

import type { RuledRegion } from '../flow/problems';

/** The coding rule in force for a region (DOMAIN.md: a setting of the region). */
@ObjectType('CodingRule', {
  description:
    'The power coding rule (编码规则) in force for a region: its own, its nearest ancestor’s, or the default',
})
export class CodingRuleView {
  @Field({
    description:
      'the template: literal text and {unit}, {letters}, {no}, and one of {seq3}, {seq4}, {seq5}',
  })
  pattern: string;

  @Field({ description: 'true when no region on the path sets a rule: {unit}-{letters}-{seq4}' })
  isDefault: boolean;

  /** the region that sets it (resolved by the region resolver, in scope) */
  definedIn: RuledRegion | null;
}
