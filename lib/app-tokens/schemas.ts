import { z } from "zod";
import { signInSchema } from "@/lib/accounts/schemas";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";
import { validate } from "@/lib/validation";

/** Generous for both kinds of token (an access token is a JWT of about 300 characters). */
const TOKEN_MAX = 2000;
const token = z.string().trim().min(1).max(TOKEN_MAX);

/** `POST /api/v1/auth/token`: any JSON object with a `grant_type`; its other fields depend on the grant. */
export const tokenRequestSchema = z.looseObject({ grant_type: z.string().max(100) });

const passwordGrantSchema = signInSchema;
const refreshGrantSchema = z.object({ refresh_token: token });

export type Grant =
  | ({ type: "password" } & z.output<typeof passwordGrantSchema>)
  | { type: "refresh_token"; refreshToken: string };

/** The grant a token request asks for, its fields validated; another grant_type is 400 UNSUPPORTED_GRANT_TYPE. */
export function parseGrant(body: z.output<typeof tokenRequestSchema>, locale: Locale): Grant {
  if (body.grant_type === "password")
    return { type: "password", ...validate(passwordGrantSchema, body, locale) };
  if (body.grant_type === "refresh_token") {
    return { type: "refresh_token", refreshToken: validate(refreshGrantSchema, body, locale).refresh_token };
  }
  throw new AppError("UNSUPPORTED_GRANT_TYPE", { supported: ["password", "refresh_token"] });
}

/** `POST /api/v1/auth/revoke`: a refresh token or an access token. */
export const revokeRequestSchema = z.object({ token });
