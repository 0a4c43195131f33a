"use client";

import { type QueryKey, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

/**
 * A query that starts from what the server rendered (`initial`, or nothing on a cached page) and takes a
 * newer server render over its cache: after a server action refreshes the page, the page's figures win.
 */
export function useSeededQuery<T>(queryKey: QueryKey, queryFn: () => Promise<T>, initial: T | null) {
  const client = useQueryClient();
  useEffect(() => {
    if (initial) client.setQueryData(queryKey, initial);
  }, [client, queryKey, initial]);
  return useQuery({ queryKey, queryFn, initialData: initial ?? undefined });
}
