import type { QueryClient, QueryKey } from "@tanstack/react-query";

/** Tabs of one browser tell each other which data changed, so a count shown in another tab is not stale. */
const CHANNEL = "store:data";

function channel(): BroadcastChannel | null {
  return typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL);
}

/** Marks the keys stale here (refetched where shown) and in the shopper's other tabs. */
export function invalidateEverywhere(client: QueryClient, keys: QueryKey[]): void {
  for (const queryKey of keys) void client.invalidateQueries({ queryKey });
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
