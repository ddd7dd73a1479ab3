import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import {
  IsInt,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';

import { BadInputError, type FieldError } from '../errors';

/** The class-validator options, written out: unknown objects and unknown fields are refused. */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  skipMissingProperties: false,
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
};

function flatten(errors: ValidationError[], prefix: string, out: FieldError[]): void {
  for (const e of errors) {
    const key = /^\d+$/.test(e.property) ? `[${e.property}]` : `.${e.property}`;
    const path = prefix ? `${prefix}${key}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ path, message });
    if (e.children?.length) flatten(e.children, path, out);
  }
}

/** The bad fields of one input value, with paths under `root` (`input[0].draft.name`). */
export async function fieldErrors(value: object, root: string): Promise<FieldError[]> {
  const out: FieldError[] = [];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      if (item && typeof item === 'object') out.push(...(await fieldErrors(item, `${root}[${i}]`)));
    }
    return out;
  }
  flatten(await validate(value, VALIDATOR_OPTIONS), root, out);
  return out;
}

/** Throws BAD_USER_INPUT listing every bad field, or returns quietly. */
export function throwIfInvalid(fields: FieldError[]): void {
  if (fields.length === 0) return;
  const head = fields
    .slice(0, 3)
    .map((f) => `${f.path}：${f.message}`)
    .join('；');
  throw new BadInputError(
    `输入有误（${fields.length} 处）：${head}${fields.length > 3 ? '…' : ''}`,
    fields,
  );
}

/**
 * type-graphql's validateFn: validates every object argument with class-validator and reports
 * the paths under the argument's own name.
 */
export async function validateArgument(
  value: unknown,
  type: unknown,
  data: { info: GraphQLResolveInfo },
): Promise<void> {
  // scalars (a DateTime arrives as a Date) have nothing for class-validator to check
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  const typeName = typeof type === 'function' ? type.name : '';
  const field = data.info.parentType.getFields()[data.info.fieldName];
  const arg = field?.args.find((a) => getNamedType(a.type).name === typeName);
  // An @ArgsType class holds several arguments: its fields are the top-level names.
  throwIfInvalid(await fieldErrors(value, arg?.name ?? ''));
}

// ---- constraint decorators with Chinese messages, so every input class reads the same way

/** A required text: not blank, at most `max` characters. */
export function Text(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    Matches(/\S/, { ...options, message: '不能为空' })(target, key);
    MaxLength(max, { ...options, message: `不能超过 ${max} 个字符` })(target, key);
  };
}

/** An optional text of at most `max` characters. */
export function OptionalText(max: number): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    MaxLength(max, { message: `不能超过 ${max} 个字符` })(target, key);
  };
}

/** A whole number in [min, max]; optional unless `required`. */
export function WholeNumber(min: number, max: number, required = false): PropertyDecorator {
  return (target, key) => {
    if (!required) IsOptional()(target, key);
    IsInt({ message: '必须是整数' })(target, key);
    Min(min, { message: `不能小于 ${min}` })(target, key);
    Max(max, { message: `不能大于 ${max}` })(target, key);
  };
}

/** A text that must match a pattern, with the message saying what it should look like. */
export function Pattern(re: RegExp, message: string, optional = false): PropertyDecorator {
  return (target, key) => {
    if (optional) IsOptional()(target, key);
    Matches(re, { message })(target, key);
  };
}

/** A nested input object, or a list of them, validated in turn. */
export function Nested(optional = true): PropertyDecorator {
  return (target, key) => {
    if (optional) IsOptional()(target, key);
    ValidateNested({ each: true })(target, key);
  };
}

/** A password: 8 to 128 characters. */
export function Password(): PropertyDecorator {
  return (target, key) => {
    MinLength(8, { message: '密码至少 8 个字符' })(target, key);
    MaxLength(128, { message: '密码不能超过 128 个字符' })(target, key);
  };
}
