import type { QueryClient, QueryKey } from "@tanstack/react-query";

/** Tabs of one browser tell each other which data changed, so a count shown in another tab is not stale. */
const CHANNEL = "store:data";

function channel(): BroadcastChannel | null {
  return typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL);
}

/** The shopper's other tabs mark these keys (and the keys under them) stale, refetching what they show. */
export function tellOtherTabs(keys: QueryKey[]): void {
  const tabs = channel();
  tabs?.postMessage(keys);
  tabs?.close();
}

/** For the tab's lifetime: what another tab changed is stale here too. */
export function listenToOtherTabs(client: QueryClient): void {
  const tabs = channel();
  if (tabs)
    tabs.onmessage = (event: MessageEvent<QueryKey[]>) => {
      for (const queryKey of event.data) void client.invalidateQueries({ queryKey });
    };
}
