import { GraphQLScalarType, Kind } from 'graphql';

import { BadInputError } from '../errors';
import { isIsoDate } from '../modules/calendar/iso-date';

/** A calendar date, "YYYY-MM-DD", in China Standard Time; carried as that string inside the service. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, "YYYY-MM-DD", in China Standard Time',
  serialize(value) {
    if (typeof value === 'string') return value.slice(0, 10);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    throw new TypeError('Date cannot serialize a non-date value');
  },
  parseValue(value) {
    if (typeof value !== 'string' || !isIsoDate(value)) {
      throw new BadInputError(
        `日期格式应为 YYYY-MM-DD 且为真实日期，收到 ${JSON.stringify(value)}`,
      );
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !isIsoDate(ast.value)) {
      throw new BadInputError('日期格式应为 YYYY-MM-DD 且为真实日期');
    }
    return ast.value;
  },
});

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: unknown): Date {
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new BadInputError(
    `时间格式应为 ISO-8601（含时区），如 2026-01-01T08:00:00+08:00，收到 ${JSON.stringify(value)}`,
  );
}

/** An ISO-8601 instant with its offset. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 instant',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return new Date(value).toISOString();
    throw new TypeError('DateTime cannot serialize a non-date value');
  },
  parseValue: parseInstant,
  parseLiteral(ast) {
    return parseInstant(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});
