"use server";

import { headers } from "next/headers";
import { shopperAction } from "@/lib/actions/action";
import { clientIp } from "@/lib/auth/ip";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { stockAlertFormSchema, unsubscribeSchema } from "@/lib/stock-alerts/schemas";
import { unsubscribe } from "@/lib/stock-alerts/service";
import { subscribeVisitor } from "@/lib/stock-alerts/subscribe";
import { verifyUnsubscribe } from "@/lib/stock-alerts/token";

/** "Gelince haber ver" on the product page, with or without JavaScript (the page shows the answer). */
export const subscribeStockAlertAction = shopperAction(
  { schema: stockAlertFormSchema },
  async (input, { locale, text }) => {
    await subscribeVisitor(input, { ip: clientIp(await headers()), locale });
    return { message: text("stockAlerts.form.done", { sku: input.sku }) };
  },
);

/**
 * The unsubscribe page's button. The email's link only opens the page (a GET changes nothing, since mail
 * scanners follow links); this POST ends the subscription when the link's signature is right.
 */
export const unsubscribeStockAlertAction = shopperAction(
  { schema: unsubscribeSchema },
  async ({ id, sig }, { text }) => {
    if (!verifyUnsubscribe(id, sig, env().AUTH_SECRET)) throw new AppError("NOT_FOUND");
    await unsubscribe(getDb(), id);
    return { message: text("stockAlerts.unsubscribe.done") };
  },
);
