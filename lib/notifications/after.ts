import "server-only";
import { after } from "next/server";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { processOutbox } from "./sender";

/**
 * Sends what the current request put in the outbox right after its response has gone out, instead of
 * waiting for the scheduler. Call it from route handlers and server actions that enqueue emails, after
 * their transaction committed. Never throws: a failure here only leaves the emails to the next drain
 * (the scheduler's /api/cron/process-outbox).
 */
export function drainSoon(): void {
  try {
    after(async () => {
      try {
        await processOutbox(getDb());
      } catch (error) {
        log.error(
          { err: error },
          "Draining the email outbox after the response failed; the scheduler will retry.",
        );
      }
    });
  } catch (error) {
    // after() only works inside a request (route handler, server action, page render).
    log.error(
      { err: error },
      "drainSoon() was called outside a request; the scheduler will send the emails.",
    );
  }
}
