import 'reflect-metadata';
import { printType, type GraphQLObjectType } from 'graphql';
import { buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';

import { connectionOf } from '../../src/common/pagination';

@ObjectType('Gadget')
class GadgetType {
  @Field() label: string;
}

const GadgetConnection = connectionOf(GadgetType, 'Gadget');

@Resolver()
class GadgetResolver {
  @Query(() => GadgetConnection)
  gadgets() {
    return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
  }
  @Query(() => connectionOf(GadgetType, 'Gadget'))
  moreGadgets() {
    return this.gadgets();
  }
}

describe('connectionOf', () => {
  it('names the connection and edge types after the node and gives them the relay fields', async () => {
    // type-graphql checks every @Authorized field it has loaded, the app's too: allow them all
    const schema = await buildSchema({
      resolvers: [GadgetResolver],
      validate: false,
      authChecker: () => true,
    });
    const type = (name: string) => printType(schema.getType(name) as GraphQLObjectType);
    expect(type('GadgetConnection')).toBe(
      'type GadgetConnection {\n' +
        '  edges: [GadgetEdge!]!\n' +
        '  pageInfo: PageInfo!\n' +
        '  totalCount: Int!\n' +
        '}',
    );
    expect(type('GadgetEdge')).toBe('type GadgetEdge {\n  cursor: String!\n  node: Gadget!\n}');
  });

  it('makes one class per node, so two lists of the same node share one GraphQL type', () => {
    expect(connectionOf(GadgetType, 'Gadget')).toBe(GadgetConnection);
  });

  it('refuses a second name for a node that already has a connection type', () => {
    expect(() => connectionOf(GadgetType, 'Widget')).toThrow(/GadgetConnection/);
  });
});
