import type { NextRequest } from "next/server";
import type Stripe from "stripe";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { receiveStripeEvent } from "@/lib/payments/events";
import { stripe } from "@/lib/payments/stripe";

const MAX_EVENT_BYTES = 512 * 1024;

/**
 * Stripe's events. The signature is checked on the raw body before anything in it is read; each event
 * is stored once by id and applied through the order state machine.
 */
export const POST = route(async (request: NextRequest) => {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  const signature = request.headers.get("stripe-signature");
  const raw = await request.text();
  let event: Stripe.Event;
  try {
    if (!secret || !signature || raw.length > MAX_EVENT_BYTES) throw new Error("unsigned");
    event = stripe().webhooks.constructEvent(raw, signature, secret);
  } catch {
    throw new AppError("WEBHOOK_SIGNATURE_INVALID");
  }
  await receiveStripeEvent(getDb(), event);
  return json({ received: true });
});
