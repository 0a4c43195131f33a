"use server";

import { staffAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { deleteForm } from "@/lib/forms/catalog";
import { synonymInputSchema } from "@/lib/search/schemas";
import { createSynonyms, deleteSynonyms } from "@/lib/search/synonyms";

/** Server actions of /admin/search: synonym groups, used at once by the suggestions and the results page. */

export const createSynonymsAction = staffAction(
  { page: "/admin/search", schema: synonymInputSchema, revalidate: ["/admin/search"], catalog: true },
  async (input, { text }) => {
    const group = await createSynonyms(getDb(), input);
    return { message: text("adminSearch.created", { terms: group.terms.join(", ") }) };
  },
);

export const deleteSynonymsAction = staffAction(
  { page: "/admin/search", schema: deleteForm, revalidate: ["/admin/search"], catalog: true },
  async ({ id }, { text }) => {
    await deleteSynonyms(getDb(), id);
    return { message: text("adminSearch.deleted") };
  },
);
