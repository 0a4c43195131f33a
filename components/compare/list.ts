import { useMemo, useSyncExternalStore } from "react";

/**
 * The compare list as the browser sees it: the slugs of the `compare` cookie the server signs
 * (lib/compare/session.ts), read without a request so the toggles on cached pages know their state. The
 * server rechecks the signature on every change; nothing here is trusted.
 */

const listeners = new Set<() => void>();

function cookieValue(): string {
  return /(?:^|;\s*)compare=([^;]*)/.exec(document.cookie)?.[1] ?? "";
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab may have changed the list meanwhile.
  window.addEventListener("focus", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("focus", listener);
  };
}

/** After the API answered with a new cookie: every toggle and the bar read it again. */
export function compareListChanged(): void {
  for (const listener of listeners) listener();
}

/** The slugs on the list, oldest first; none before hydration (the pages are the same for everyone). */
export function useCompareList(): string[] {
  const raw = useSyncExternalStore(subscribe, cookieValue, () => "");
  return useMemo(() => {
    const value = decodeURIComponent(raw);
    const dot = value.lastIndexOf(".");
    return dot > 0 ? value.slice(0, dot).split("_") : [];
  }, [raw]);
}
