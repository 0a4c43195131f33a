"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { toggleCompareAction } from "@/app/actions/compare";
import { fetchJson } from "@/components/data/fetch";
import { compareListChanged, useCompareList } from "./list";

/**
 * "Karşılaştır" on cards and the product page: a toggle button whose state is the compare cookie. Without
 * JavaScript the form posts to the server action and the shopper lands on the compare page; with it, the
 * API is called and a refusal (the list is full) shows under the button.
 */
export function CompareToggle({ slug, className = "" }: { slug: string; className?: string }) {
  const t = useTranslations("compare");
  const added = useCompareList().includes(slug);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      action={toggleCompareAction}
      onSubmit={async (event) => {
        event.preventDefault();
        if (pending) return;
        setPending(true);
        setError(null);
        try {
          await (added
            ? fetchJson(`/api/compare/items/${encodeURIComponent(slug)}`, { method: "DELETE" })
            : fetchJson("/api/compare/items", { method: "POST", body: { slug } }));
          compareListChanged();
        } catch (refusal) {
          setError((refusal as Error).message);
        } finally {
          setPending(false);
        }
      }}
      className={className}
    >
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="intent" value={added ? "remove" : "add"} />
      <button
        type="submit"
        aria-pressed={added}
        aria-busy={pending}
        data-testid="compare-toggle"
        className="inline-flex items-center gap-1.5 rounded-md py-1 text-sm text-stone-700 hover:text-brand-700"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className="h-4 w-4">
          <rect
            x="1.5"
            y="1.5"
            width="13"
            height="13"
            rx="2"
            fill={added ? "currentColor" : "none"}
            stroke="currentColor"
            strokeWidth="1.5"
          />
          {added && <path d="M4.5 8.5l2.2 2.2 4.8-5" fill="none" stroke="white" strokeWidth="1.8" />}
        </svg>
        {t("toggle")}
      </button>
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
