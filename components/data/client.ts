import { MutationObserver, QueryClient, QueryObserver } from "@tanstack/react-query";
import { listenToOtherTabs } from "./broadcast";

export { MutationObserver, QueryObserver };

let browserClient: QueryClient | undefined;

/**
 * The query client: one per browser tab (shared by the page's provider and its after-paint hooks, and
 * told by the shopper's other tabs what changed), a new one per server render so that one visitor's
 * data never reaches another's page.
 */
export function getQueryClient(): QueryClient {
  const make = () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } });
  if (typeof window === "undefined") return make();
  if (!browserClient) {
    browserClient = make();
    listenToOtherTabs(browserClient);
  }
  return browserClient;
}
