import { unstable_coerceFormValue as coerceFormValue, parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import type { Locale } from "@/lib/i18n/locale";
import { messageText } from "@/lib/i18n/translate";
import { issueMessage, zodErrorMap } from "@/lib/validation";
import type { FormState } from "./state";

/**
 * A form post read with the zod schema its action validates with: @conform-to/zod turns the strings
 * into numbers, booleans ("on") and arrays (repeated names) and an empty box into "not given"; messages
 * come in the visitor's language from lib/validation, never zod's or conform's own text.
 */

/** An input's constraints for the browser, as the input's own attributes. */
export interface Constraint {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  pattern?: string;
}

/** The constraints of a form's inputs, by input name. */
export type Constraints = Record<string, Constraint>;

/** Values not sent back to the page after a refused submit. */
const SECRET = /password/i;

/** Only conform's reading of the post into nested values; the store parses them itself. */
const asPosted = z.unknown();

/** The typed strings by input name (a repeated name as `name.0`, `name.1`…), passwords and files left out. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of new Set(formData.keys())) {
    if (SECRET.test(name) || name.startsWith("$ACTION")) continue;
    const all = formData.getAll(name).filter((value) => typeof value === "string");
    if (all.length === 1) values[name] = all[0] as string;
    else {
      all.forEach((value, index) => {
        values[`${name}.${index}`] = value;
      });
    }
  }
  return values;
}

export type Parsed<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; state: FormState; values: Record<string, string> };

/**
 * The form's data as the schema outputs it, or the state that shows what to fix: one message per input
 * (the first), `fieldOf` naming the input of a schema path (`variants[0].price` → `price`).
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  locale: Locale,
  fieldOf: (path: string) => string = (path) => path,
): Parsed<z.output<S>> {
  const values = formValues(formData);
  const error = zodErrorMap(locale);
  // A form mapped onto a service's input (`.transform(…).pipe(api)`): only the form side reads strings;
  // the service's schema gets the mapped values as they are (an empty alt text stays "").
  const def = schema._zod.def as Def;
  const mapped = def.type === "pipe" && (def.out as z.core.$ZodType)._zod.def.type !== "transform";
  const formSide = (mapped ? def.in : schema) as z.ZodType;
  const { payload } = parseWithZod(formData, { schema: asPosted });
  // reportInput keeps each issue's input, which tells an empty box from a wrong value (lib/validation).
  const options = { error, reportInput: true };
  let result = coerceFormValue(formSide).safeParse(payload, options);
  if (result.success && mapped) result = (def.out as z.ZodType).safeParse(result.data, options);
  if (result.success) return { ok: true, data: result.data as z.output<S>, values };
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const name = fieldOf(issue.path.map(String).join(".") || "_");
    if (!Object.hasOwn(fields, name)) fields[name] = issueMessage(issue, locale);
  }
  const message = messageText(locale, "forms.invalid");
  return { ok: false, state: { status: "error", message, fields, values }, values };
}

type Def = z.core.$ZodTypeDef & {
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  element?: z.core.$ZodType;
  entries?: Record<string, string | number>;
  checks?: {
    _zod: {
      def: {
        check: string;
        value?: number;
        minimum?: number;
        maximum?: number;
        pattern?: RegExp;
        inclusive?: boolean;
      };
    };
  }[];
};

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** One input's constraints from its schema; a wrapper that allows "not given" makes it optional. */
function constraintOf(schema: z.core.$ZodType, constraint: Constraint): Constraint {
  const def = schema._zod.def as Def;
  if (def.type === "optional" || def.type === "default" || def.type === "nullable") {
    return constraintOf(def.innerType as z.core.$ZodType, { ...constraint, required: false });
  }
  if (def.type === "pipe") return constraintOf(def.in as z.core.$ZodType, constraint);
  if (def.type === "array") return constraintOf(def.element as z.core.$ZodType, constraint);
  if (def.type === "enum") {
    return {
      ...constraint,
      pattern: Object.values(def.entries ?? {})
        .map((v) => escapeRegExp(String(v)))
        .join("|"),
    };
  }
  if (def.type === "boolean") return { ...constraint, required: false };
  const out = { ...constraint };
  for (const check of def.checks ?? []) {
    const { check: kind, value, minimum, maximum, pattern, inclusive } = check._zod.def;
    if (kind === "min_length") out.minLength = minimum;
    else if (kind === "max_length") out.maxLength = maximum;
    else if (kind === "greater_than" && inclusive) out.min = value;
    else if (kind === "less_than" && inclusive) out.max = value;
    else if (kind === "string_format" && pattern) out.pattern = pattern.source.replace(/^\^|\$$/g, "");
  }
  return out;
}

/**
 * The browser-side constraints of a form's inputs (required, minLength, maxLength, min, max, pattern),
 * from the schema its action validates with, so the page and the server never disagree. A schema that
 * maps the form to a service's input (`z.object(form).transform(…).pipe(api)`) is read on its form side.
 * (conform's getZodConstraint reads zod's `_zod.bag`, which zod 4.6 no longer fills: only `required`.)
 */
export function constraintsOf(schema: z.ZodType): Constraints {
  let form = schema as z.core.$ZodType;
  while (form._zod.def.type === "pipe") form = (form._zod.def as Def).in as z.core.$ZodType;
  const def = form._zod.def as Def & { left?: z.ZodType; right?: z.ZodType };
  // An intersection is a form of two parts (an address and the book's own ticks).
  if (def.type === "intersection") {
    return { ...constraintsOf(def.left as z.ZodType), ...constraintsOf(def.right as z.ZodType) };
  }
  return shapeConstraints(def.shape ?? {}, "");
}

/** The object inside a field's wrappers (optional, default, a mapping pipe), or null when it is not one. */
function objectShape(schema: z.core.$ZodType): Record<string, z.core.$ZodType> | null {
  const def = schema._zod.def as Def;
  if (def.type === "object") return def.shape ?? null;
  if (def.type === "pipe") return objectShape(def.in as z.core.$ZodType);
  if (def.type === "optional" || def.type === "nullable" || def.type === "default") {
    return objectShape(def.innerType as z.core.$ZodType);
  }
  return null;
}

/** An object's inputs by name; a nested object's (an address) as `shipping.city`, required when shown. */
function shapeConstraints(shape: Record<string, z.core.$ZodType>, prefix: string): Constraints {
  return Object.fromEntries(
    Object.entries(shape).flatMap(([name, field]) => {
      const nested = objectShape(field);
      if (nested) return Object.entries(shapeConstraints(nested, `${prefix}${name}.`));
      return [[`${prefix}${name}`, constraintOf(field, { required: true })]];
    }),
  );
}
