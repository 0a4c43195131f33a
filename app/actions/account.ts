"use server";

import { refresh } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import {
  type AddressKind,
  createAddress,
  deleteAddress,
  MAX_ADDRESSES,
  setDefaultAddress,
  updateAddress,
} from "@/lib/accounts/addresses";
import { addressSchema, registerSchema, signInSchema } from "@/lib/accounts/schemas";
import { registerUser } from "@/lib/accounts/users";
import { signIn, signOut } from "@/lib/auth/config";
import { requireUser } from "@/lib/auth/guards";
import { clientIp } from "@/lib/auth/ip";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "@/lib/auth/redirect";
import { issueSignInTicket } from "@/lib/auth/ticket";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { isAppError, isDatabaseUnavailable } from "@/lib/errors";
import { errorMessage } from "@/lib/http";
import { currentLocale } from "@/lib/i18n/server";
import { log } from "@/lib/log";
import { check } from "@/lib/validation";

/** What an account form shows after submitting: a message, per-field messages, and what to refill. */
export interface FormState {
  error?: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
}

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/** Where to go after signing in: the `next` field when it is a safe same-site path, else /account. */
function destination(formData: FormData): string {
  const next = safeNextPath(formData.get("next"));
  if (!next || next.startsWith("/login") || next.startsWith("/register")) return DEFAULT_AFTER_SIGN_IN;
  return next;
}

async function failure(error: unknown, context: string): Promise<FormState> {
  const locale = await currentLocale();
  if (isAppError(error)) return { error: errorMessage(error.code, locale, error.details) };
  if (isDatabaseUnavailable(error)) return { error: errorMessage("SERVICE_UNAVAILABLE", locale) };
  log.error({ err: error }, `${context} failed`);
  return { error: errorMessage("INTERNAL_ERROR", locale) };
}

/** next-auth's error for a refused sign-in (thrown as is from server-side `signIn`). */
function signInRefusal(error: unknown): { code: string; retryAfterSeconds?: number } | null {
  const candidate = error as { type?: unknown; code?: unknown; retryAfterSeconds?: unknown } | null;
  if (candidate?.type !== "CredentialsSignin") return null;
  return {
    code: typeof candidate.code === "string" ? candidate.code : "credentials",
    retryAfterSeconds:
      typeof candidate.retryAfterSeconds === "number" ? candidate.retryAfterSeconds : undefined,
  };
}

/** A sign-in's underlying cause when next-auth wrapped it (database down, …). */
function signInCause(error: unknown): unknown {
  const cause = (error as { cause?: { err?: unknown } } | null)?.cause;
  return cause?.err ?? error;
}

export async function signInAction(_state: FormState, formData: FormData): Promise<FormState> {
  const locale = await currentLocale();
  const t = await getTranslations("account");
  const values = { email: text(formData, "email") };
  const parsed = check(
    signInSchema,
    { email: text(formData, "email"), password: text(formData, "password") },
    locale,
  );
  if (!parsed.ok) return { error: t("validation.invalidForm"), fields: parsed.fields, values };
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    const refusal = signInRefusal(error);
    if (refusal?.code === "rate_limited") {
      const minutes = Math.max(1, Math.ceil((refusal.retryAfterSeconds ?? 60) / 60));
      return { error: t("login.rateLimited", { minutes }), values };
    }
    if (refusal) return { error: t("login.invalid"), values };
    return { ...(await failure(signInCause(error), "Sign-in")), values };
  }
  redirect(destination(formData));
}

export async function registerAction(_state: FormState, formData: FormData): Promise<FormState> {
  const locale = await currentLocale();
  const t = await getTranslations("account");
  const values = { email: text(formData, "email"), name: text(formData, "name") };
  const parsed = check(
    registerSchema,
    { email: values.email, name: values.name, password: text(formData, "password") },
    locale,
  );
  if (!parsed.ok) return { error: t("validation.invalidForm"), fields: parsed.fields, values };
  try {
    const user = await registerUser(getDb(), parsed.data, { ip: clientIp(await headers()) });
    await signIn("credentials", { ticket: issueSignInTicket(user.id, env().AUTH_SECRET), redirect: false });
  } catch (error) {
    if (isAppError(error) && error.code === "EMAIL_TAKEN") {
      return { fields: { email: errorMessage("EMAIL_TAKEN", locale) }, values };
    }
    return { ...(await failure(signInCause(error), "Registration")), values };
  }
  redirect(destination(formData));
}

/** Sign-out: ends the session; the user's cart stays with the account, the browser starts a fresh guest cart. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirect: false });
  redirect("/");
}

function addressInput(formData: FormData) {
  return {
    name: text(formData, "name"),
    line1: text(formData, "line1"),
    line2: text(formData, "line2"),
    district: text(formData, "district"),
    city: text(formData, "city"),
    postalCode: text(formData, "postalCode"),
    country: text(formData, "country") || "TR",
    phone: text(formData, "phone"),
  };
}

/** Adds (no `id`) or edits (with `id`) an address of the signed-in user's book, then back to the book. */
export async function saveAddressAction(_state: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser("/account/addresses");
  const locale = await currentLocale();
  const t = await getTranslations("account");
  const input = addressInput(formData);
  const values = {
    ...input,
    defaultShipping: text(formData, "defaultShipping"),
    defaultBilling: text(formData, "defaultBilling"),
  };
  const parsed = check(addressSchema, input, locale);
  if (!parsed.ok) return { error: t("validation.invalidForm"), fields: parsed.fields, values };
  const choice = {
    defaultShipping: formData.get("defaultShipping") === "on",
    defaultBilling: formData.get("defaultBilling") === "on",
  };
  const id = text(formData, "id");
  try {
    if (id) await updateAddress(getDb(), user.id, id, parsed.data, choice);
    else await createAddress(getDb(), user.id, parsed.data, choice);
  } catch (error) {
    if (isAppError(error) && error.details.reason === "ADDRESS_LIMIT") {
      return { error: t("addresses.limitReached", { max: MAX_ADDRESSES }), values };
    }
    if (isAppError(error) && error.code === "NOT_FOUND") return { error: t("addresses.notFound"), values };
    return { ...(await failure(error, "Saving an address")), values };
  }
  redirect("/account/addresses");
}

/** The book's small buttons: plain forms, so they work without JavaScript too. */
export async function deleteAddressAction(formData: FormData): Promise<void> {
  const user = await requireUser("/account/addresses");
  try {
    await deleteAddress(getDb(), user.id, text(formData, "id"));
  } catch (error) {
    if (!(isAppError(error) && error.code === "NOT_FOUND")) throw error;
  }
  refresh();
}

export async function setDefaultAddressAction(formData: FormData): Promise<void> {
  const user = await requireUser("/account/addresses");
  const kind = text(formData, "kind");
  if (kind !== "shipping" && kind !== "billing") return;
  try {
    await setDefaultAddress(getDb(), user.id, text(formData, "id"), kind satisfies AddressKind);
  } catch (error) {
    if (!(isAppError(error) && error.code === "NOT_FOUND")) throw error;
  }
  refresh();
}
