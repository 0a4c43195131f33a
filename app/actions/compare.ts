"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { shopperAction } from "@/lib/actions/action";
import { compareItemSchema } from "@/lib/compare/schemas";
import { addToCompare, removeFromCompare } from "@/lib/compare/session";
import { isAppError } from "@/lib/errors";

// The compare toggles without JavaScript (with it, they go through /api/compare/items) and the compare
// page's "remove" buttons.
const toggleSchema = compareItemSchema.extend({ intent: z.enum(["add", "remove"]) });

export const toggleCompareAction = shopperAction(
  { schema: toggleSchema, revalidate: ["/compare"] },
  async ({ slug, intent }) => {
    // A plain form post (no Next-Action header) from a cached page, which cannot show the new state:
    // the shopper sees the compare page instead, told when the list was full.
    const script = (await headers()).has("next-action");
    try {
      if (intent === "add") await addToCompare(slug);
      else await removeFromCompare(slug);
    } catch (error) {
      if (!script && isAppError(error) && error.code === "COMPARE_FULL")
        return { redirect: "/compare?full=1" };
      throw error;
    }
    return script ? {} : { redirect: "/compare" };
  },
);
