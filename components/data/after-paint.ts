"use client";

import type { MutateOptions, MutationObserverOptions, QueryClient, QueryKey } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

// The cached storefront pages (home, product) load the query layer once they are interactive: their
// first-load JavaScript has a budget (docs/BENCHMARKS.md), and what they show before that (the header
// without a count, "checking stock") needs no data. These hooks subscribe to the tab's one query
// client as useQuery and useMutation do, so keys, cache and invalidation are shared with the other pages;
// a query seeded by the server's render (the header, the cart page's cart) shows the seed meanwhile.
const loadClient = () => import("./client");

export interface AfterPaintQuery<T> {
  data: T | undefined;
  isError: boolean;
}

/** useQuery, after paint. `seed` is what the server rendered, when it knew; a newer seed wins. */
export function useQueryAfterPaint<T>(
  queryKey: QueryKey,
  queryFn: () => Promise<T>,
  seed: T | null = null,
): AfterPaintQuery<T> {
  const [result, setResult] = useState<AfterPaintQuery<T>>({ data: seed ?? undefined, isError: false });
  // When this seed reached the page: an answer the tab's cache took after that (a cart change made before
  // the query layer loaded, on a slow connection) is newer than the seed and must not be overwritten by it.
  const [seeded, setSeeded] = useState(() => ({ seed, at: Date.now() }));
  if (seeded.seed !== seed) setSeeded({ seed, at: Date.now() });
  const hash = JSON.stringify(queryKey);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key's hash names the data; the function reads the same data for the same key
  useEffect(() => {
    let active = true;
    let stop = () => {};
    void loadClient().then(({ getQueryClient, QueryObserver }) => {
      if (!active) return;
      const client = getQueryClient();
      const cachedAt = client.getQueryState(queryKey)?.dataUpdatedAt ?? 0;
      if (seeded.seed && cachedAt < seeded.at)
        client.setQueryData(queryKey, seeded.seed, { updatedAt: seeded.at });
      // Without a seed the page knows nothing of this visitor (a cached page, perhaps reached by a sign-in
      // or sign-out that changed who it is): ask again rather than trust this tab's cache.
      const observer = new QueryObserver<T>(client, {
        queryKey,
        queryFn,
        refetchOnMount: seed ? true : "always",
      });
      const show = ({ data, isError }: AfterPaintQuery<T>) => setResult({ data, isError });
      show(observer.getCurrentResult());
      stop = observer.subscribe(show);
    });
    return () => {
      active = false;
      stop();
    };
  }, [hash, seeded]);
  return result;
}

export interface AfterPaintMutation<V> {
  mutate: (vars: V, options?: MutateOptions<unknown, Error, V, unknown>) => void;
  submittedAt: number;
  isIdle: boolean;
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  error: Error | null;
}

/** useMutation, after paint: `options` is built with the tab's client once the layer is in. */
export function useMutationAfterPaint<R, V, C>(
  options: (client: QueryClient) => MutationObserverOptions<R, Error, V, C>,
): AfterPaintMutation<V> {
  const [state, setState] = useState<{ status: string; error: Error | null; submittedAt: number }>({
    status: "idle",
    error: null,
    submittedAt: 0,
  });
  const stop = useRef(() => {});
  useEffect(() => () => stop.current(), []);
  return {
    mutate: (vars, callbacks) => {
      setState({ status: "pending", error: null, submittedAt: Date.now() });
      void loadClient().then(({ getQueryClient, MutationObserver }) => {
        const client = getQueryClient();
        const observer = new MutationObserver(client, options(client));
        stop.current();
        stop.current = observer.subscribe(({ status, error, submittedAt }) =>
          setState({ status, error, submittedAt }),
        );
        observer.mutate(vars, callbacks).catch(() => {});
      });
    },
    isIdle: state.status === "idle",
    isPending: state.status === "pending",
    isSuccess: state.status === "success",
    isError: state.status === "error",
    error: state.error,
    submittedAt: state.submittedAt,
  };
}
