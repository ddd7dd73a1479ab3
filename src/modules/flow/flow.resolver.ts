import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';

import type { Context } from '../../context';
import { Power } from '../catalog/power.entity';
import { FlowchartType, PowerType, ProblemType } from '../catalog/power.type';

import { toMermaid } from './mermaid';

@Resolver(() => FlowchartType)
export class FlowchartResolver {
  @FieldResolver(() => String, { description: 'the chart as Mermaid flowchart text' })
  mermaid(@Root() chart: FlowchartType): string {
    return toMermaid(chart, chart.kind);
  }
}

@Resolver(() => PowerType)
export class PowerProblemsResolver {
  @FieldResolver(() => [ProblemType], {
    description: 'what is missing or inconsistent in the current version',
  })
  async problems(@Root() power: Power, @Ctx() ctx: Context) {
    return ctx.loaders.problems.load(power.id);
  }

  @FieldResolver(() => Int, { description: 'how many problems the current version has' })
  async problemCount(@Root() power: Power, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.problems.load(power.id)).length;
  }
}
