import { buildStore } from "@/bench/store";

/** The suite runs against the production build: `next build` once (STORE_SKIP_BUILD=1 reuses .next/). */
export default function setup() {
  buildStore();
}
