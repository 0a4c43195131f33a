"use client";

import { useState } from "react";
import { fetchJson } from "@/components/data/fetch";

/** "Helpful (3)": one vote per visitor, counted by the server; the button shows the count it answers. */
export function HelpfulButton({ id, count, label }: { id: number; count: number; label: string }) {
  const [helpful, setHelpful] = useState(count);
  const [voted, setVoted] = useState(false);
  return (
    <button
      type="button"
      disabled={voted}
      aria-pressed={voted}
      onClick={() => {
        setVoted(true);
        fetchJson<{ helpful: number }>(`/api/reviews/${id}/helpful`, { method: "POST" })
          .then((answer) => setHelpful(answer.helpful))
          .catch(() => setVoted(false));
      }}
      className="rounded border border-stone-300 px-2 py-0.5 text-xs text-stone-700 hover:bg-stone-50 disabled:opacity-70"
    >
      {label} ({helpful})
    </button>
  );
}
