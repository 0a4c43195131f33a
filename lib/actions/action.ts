import "server-only";
import { revalidatePath } from "next/cache";
import { redirect, unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { PublicUser } from "@/lib/accounts/users";
import { requireStaffActor, requireUser, type StaffActor } from "@/lib/auth/guards";
import { revalidateCatalog } from "@/lib/catalog/cache";
import {
  AppError,
  fieldCode,
  isAppError,
  isDatabaseUnavailable,
  isInvalidValueForDatabase,
} from "@/lib/errors";
import { parseForm } from "@/lib/forms/parse";
import type { FormAction, FormState } from "@/lib/forms/state";
import { errorMessage, fieldMessages } from "@/lib/http";
import type { Locale } from "@/lib/i18n/locale";
import { currentLocale } from "@/lib/i18n/server";
import { messageText } from "@/lib/i18n/translate";
import { log } from "@/lib/log";
import type { StaffContext } from "@/lib/staff-context";

/**
 * The one frame of every form's server action: the guard, the language, the form read with the action's
 * schema, the service's refusal in words (at the form and at its inputs), revalidation and the redirect
 * after success. The body holds only the intent; anything it throws comes back to the form, nothing is
 * swallowed. Next's redirect()/notFound()/forbidden() pass through.
 */

type Handler = (state: FormState | FormData, formData?: FormData) => Promise<FormState>;

function formAction<D>(handle: (formData: FormData) => Promise<FormState<D>>): FormAction<D> {
  const action: Handler = (state, formData) => handle(formData ?? (state as FormData));
  return action as FormAction<D>;
}

/** What a body reports on success; everything optional. */
export interface Done<D = unknown> {
  /** Shown at the form ("Order is now Shipped."). */
  message?: string;
  data?: D;
  /** Pages to refresh besides the options' ones (e.g. a record's page whose id the body learnt). */
  revalidate?: string[];
  /** Where to go next (after the refresh). */
  redirect?: string;
}

interface Context {
  locale: Locale;
  formData: FormData;
  /** A message by its full key ("admin.inventory.saved") in the request's language. */
  text: (key: string, values?: Record<string, string | number>) => string;
}

export interface StaffActionContext extends Context {
  staff: StaffActor;
  /** What staff services are told about who acts. */
  actor: StaffContext;
}

export interface AccountActionContext extends Context {
  /** The signed-in shopper. */
  user: PublicUser;
}

interface Options<S extends z.ZodType, I> {
  schema: S;
  /** The input's name for a schema or service path (`variants[0].price` → `price`); the same name by default. */
  fields?: (path: string, formData: FormData) => string;
  /** Pages refreshed after success. */
  revalidate?: string[] | ((input: I) => string[]);
  /** The storefront's cached catalogue is refreshed after success. */
  catalog?: boolean;
  /** A message key for a refusal that says more than its code's own message (details are its values). */
  refusal?: (error: AppError) => string | undefined;
}

export interface StaffOptions<S extends z.ZodType> extends Options<S, z.output<S>> {
  /** The page the guard sends an anonymous visitor back to after signing in. */
  page: string | ((formData: FormData) => string);
  role?: "staff" | "admin";
}

export interface AccountOptions<S extends z.ZodType> extends Options<S, z.output<S>> {
  /** The page the guard sends an anonymous visitor back to after signing in. */
  page: string;
}

/** A refusal the body finds itself, at an input: the message key for that input. */
export function refusedAt(field: string, key: string, values?: Record<string, string | number>): AppError {
  return new AppError("VALIDATION_FAILED", { fields: { [field]: fieldCode(key, values) } });
}

type Body<I, C, D> = (input: I, context: C) => Promise<Done<D>>;

const textIn =
  (locale: Locale) =>
  (key: string, values?: Record<string, string | number>): string =>
    messageText(locale, key, values) ?? key;

/** Anything thrown, as the form shows it; unexpected errors are logged (with their stack), never shown. */
export function refusedState(
  error: unknown,
  locale: Locale,
  options: {
    context: string;
    values?: Record<string, string>;
    fieldOf?: (path: string) => string;
    refusal?: (error: AppError) => string | undefined;
  },
): FormState<never> {
  unstable_rethrow(error);
  const { values, fieldOf = (path: string) => path } = options;
  if (isAppError(error)) {
    const key = options.refusal?.(error);
    const message =
      (key && messageText(locale, key, error.details)) || errorMessage(error.code, locale, error.details);
    const fields: Record<string, string> = {};
    for (const [path, text] of Object.entries(fieldMessages(error.details.fields, locale) ?? {})) {
      fields[fieldOf(path)] ??= text;
    }
    return { status: "error", message, fields, values };
  }
  if (isDatabaseUnavailable(error)) {
    return { status: "error", message: errorMessage("SERVICE_UNAVAILABLE", locale), values };
  }
  if (isInvalidValueForDatabase(error)) {
    return { status: "error", message: errorMessage("VALIDATION_FAILED", locale), values };
  }
  log.error({ err: error }, `${options.context} failed`);
  return { status: "error", message: errorMessage("INTERNAL_ERROR", locale), values };
}

async function run<S extends z.ZodType, C extends Context, D>(
  options: Options<S, z.output<S>>,
  body: Body<z.output<S>, C, D>,
  formData: FormData,
  locale: Locale,
  context: Omit<C, keyof Context>,
  where: string,
): Promise<FormState<D>> {
  const fieldOf = (path: string) => options.fields?.(path, formData) ?? path;
  const parsed = parseForm(options.schema, formData, locale, fieldOf);
  if (!parsed.ok) return parsed.state as FormState<D>;
  let done: Done<D>;
  try {
    done = await body(parsed.data, { ...context, locale, formData, text: textIn(locale) } as C);
  } catch (error) {
    return refusedState(error, locale, {
      context: `Form action of ${where}`,
      values: parsed.values,
      fieldOf,
      refusal: options.refusal,
    });
  }
  const { revalidate = [] } = options;
  const paths = [
    ...(typeof revalidate === "function" ? revalidate(parsed.data) : revalidate),
    ...(done.revalidate ?? []),
  ];
  for (const path of new Set(paths)) revalidatePath(path);
  if (options.catalog) revalidateCatalog();
  if (done.redirect) redirect(done.redirect);
  return { status: "ok", message: done.message, data: done.data };
}

/** A staff page's action: staff only (anonymous → /login, customers → 403), the body runs only for staff. */
export function staffAction<S extends z.ZodType, D = unknown>(
  options: StaffOptions<S>,
  body: Body<z.output<S>, StaffActionContext, D>,
): FormAction<D> {
  return formAction(async (formData) => {
    const page = typeof options.page === "function" ? options.page(formData) : options.page;
    const staff = await requireStaffActor(page, options.role ?? "staff");
    const locale = await currentLocale();
    return run(options, body, formData, locale, { staff, actor: { actor: staff.name, locale } }, page);
  });
}

/** A storefront action anyone may use (sign-in, registration, the language). */
export function shopperAction<S extends z.ZodType, D = unknown>(
  options: Options<S, z.output<S>>,
  body: Body<z.output<S>, Context, D>,
): FormAction<D> {
  return formAction(async (formData) =>
    run(options, body, formData, await currentLocale(), {}, "the storefront"),
  );
}

/** An action of the signed-in shopper's account (the address book): anonymous → /login. */
export function accountAction<S extends z.ZodType, D = unknown>(
  options: AccountOptions<S>,
  body: Body<z.output<S>, AccountActionContext, D>,
): FormAction<D> {
  return formAction(async (formData) => {
    const user = await requireUser(options.page);
    return run(options, body, formData, await currentLocale(), { user }, options.page);
  });
}
