"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { createAddress, deleteAddress, setDefaultAddress, updateAddress } from "@/lib/accounts/addresses";
import { setNotificationPreferences } from "@/lib/accounts/preferences";
import { registerSchema, signInSchema } from "@/lib/accounts/schemas";
import { registerUser } from "@/lib/accounts/users";
import { accountAction, shopperAction } from "@/lib/actions/action";
import { signIn, signOut } from "@/lib/auth/config";
import { clientIp } from "@/lib/auth/ip";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "@/lib/auth/redirect";
import { issueSignInTicket } from "@/lib/auth/ticket";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { addressForm, addressRefForm, notificationPreferencesForm } from "@/lib/forms/account";
import { eraseAccountSchema } from "@/lib/privacy/schemas";
import { eraseOwnAccount } from "@/lib/privacy/service";

/** Where to go after signing in: the `next` field when it is a safe same-site path, else /account. */
function destination(formData: FormData): string {
  const next = safeNextPath(formData.get("next"));
  if (!next || next.startsWith("/login") || next.startsWith("/register")) return DEFAULT_AFTER_SIGN_IN;
  return next;
}

/**
 * next-auth's refusal of a sign-in (thrown as is from server-side `signIn`) as the store's code; its
 * wrapping of anything else (database down…) unwrapped.
 */
function signInError(error: unknown): unknown {
  const candidate = error as {
    type?: unknown;
    code?: unknown;
    retryAfterSeconds?: unknown;
    cause?: { err?: unknown };
  };
  if (candidate?.type !== "CredentialsSignin") return candidate?.cause?.err ?? error;
  if (candidate.code !== "rate_limited") return new AppError("UNAUTHORIZED");
  const seconds = typeof candidate.retryAfterSeconds === "number" ? candidate.retryAfterSeconds : 60;
  return new AppError("RATE_LIMITED", { minutes: Math.max(1, Math.ceil(seconds / 60)) });
}

const signInRefusals = (error: AppError) =>
  error.code === "RATE_LIMITED"
    ? "account.login.rateLimited"
    : error.code === "UNAUTHORIZED"
      ? "account.login.invalid"
      : undefined;

export const signInAction = shopperAction(
  { schema: signInSchema, refusal: signInRefusals },
  async (input, { formData }) => {
    await signIn("credentials", { ...input, redirect: false }).catch((error) => {
      throw signInError(error);
    });
    return { redirect: destination(formData) };
  },
);

export const registerAction = shopperAction(
  { schema: registerSchema, refusal: signInRefusals },
  async (input, { formData }) => {
    try {
      const user = await registerUser(getDb(), input, { ip: clientIp(await headers()) });
      await signIn("credentials", { ticket: issueSignInTicket(user.id, env().AUTH_SECRET), redirect: false });
    } catch (error) {
      // A taken address is the email box's problem.
      if (error instanceof AppError && error.code === "EMAIL_TAKEN") {
        throw new AppError("EMAIL_TAKEN", { fields: { email: "errors.EMAIL_TAKEN" } });
      }
      throw signInError(error);
    }
    return { redirect: destination(formData) };
  },
);

/** Sign-out: ends the session; the user's cart stays with the account, the browser starts a fresh guest cart. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirect: false });
  redirect("/");
}

const BOOK = "/account/addresses";

const addressRefusals = (error: AppError) =>
  error.details.reason === "ADDRESS_LIMIT"
    ? "account.addresses.limitReached"
    : error.code === "NOT_FOUND"
      ? "account.addresses.notFound"
      : undefined;

/** Adds (no `id`) or edits (with `id`) an address of the signed-in user's book, then back to the book. */
export const saveAddressAction = accountAction(
  { page: BOOK, schema: addressForm, refusal: addressRefusals },
  async ({ id, defaultShipping, defaultBilling, ...address }, { user }) => {
    const choice = { defaultShipping, defaultBilling };
    if (id) await updateAddress(getDb(), user.id, id, address, choice);
    else await createAddress(getDb(), user.id, address, choice);
    return { redirect: BOOK };
  },
);

/** The book's small buttons: plain forms, so they work without JavaScript too. */
export const deleteAddressAction = accountAction(
  { page: BOOK, schema: addressRefForm, refusal: addressRefusals, revalidate: [BOOK] },
  async ({ id }, { user }) => {
    await deleteAddress(getDb(), user.id, id);
    return {};
  },
);

export const setDefaultAddressAction = accountAction(
  {
    page: BOOK,
    schema: addressRefForm.required({ kind: true }),
    refusal: addressRefusals,
    revalidate: [BOOK],
  },
  async ({ id, kind }, { user }) => {
    await setDefaultAddress(getDb(), user.id, id, kind);
    return {};
  },
);

/** The account's SMS and push choices (/account). */
export const saveNotificationPreferencesAction = accountAction(
  { page: "/account", schema: notificationPreferencesForm, revalidate: ["/account"] },
  async (choice, { user, text }) => {
    await setNotificationPreferences(getDb(), user.id, choice);
    return { message: text("account.notifications.saved") };
  },
);

/**
 * Deletes the signed-in shopper's account (KVKK erasure, lib/privacy) once the password confirms it,
 * ends the session and shows the confirmation, which a signed-out visitor can see.
 */
export const deleteAccountAction = accountAction(
  { page: "/account", schema: eraseAccountSchema },
  async ({ password }, { user }) => {
    await eraseOwnAccount(getDb(), { userId: user.id, password, ip: clientIp(await headers()) });
    await signOut({ redirect: false });
    return { redirect: "/account-deleted" };
  },
);
