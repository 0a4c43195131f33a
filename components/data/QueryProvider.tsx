"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { getQueryClient } from "./client";

/**
 * The query client for the pages rendered per request (cart, checkout, account): what they read after
 * load is cached by key, refetched when the tab regains focus, and invalidated by mutations here and in
 * the shopper's other tabs. The cached pages use the same client through ./after-paint.ts.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(getQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
