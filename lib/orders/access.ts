import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

/**
 * Who may see an order's page: its signed-in owner, or the browser that placed it (a signed cookie
 * listing the last orders placed there). Anyone else uses tracking with the order's email.
 */
const COOKIE = "orders";
const KEEP = 10;

function sign(value: string): string {
  return createHmac("sha256", env().AUTH_SECRET).update(`orders:${value}`).digest("base64url");
}

async function placedHere(): Promise<string[]> {
  const raw = (await cookies()).get(COOKIE)?.value ?? "";
  const dot = raw.lastIndexOf(".");
  if (dot <= 0) return [];
  const value = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1));
  const expected = Buffer.from(sign(value));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return [];
  return value.split(",").filter(Boolean);
}

export async function rememberOrder(orderNo: string): Promise<void> {
  const list = [orderNo, ...(await placedHere()).filter((n) => n !== orderNo)].slice(0, KEEP).join(",");
  (await cookies()).set(COOKIE, `${list}.${sign(list)}`, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production" && env().APP_URL.startsWith("https://"),
    path: "/",
    maxAge: 60 * 60 * 24 * 90,
  });
}

export async function canViewOrder(order: { orderNo: string; userId: string | null }): Promise<boolean> {
  const user = await getCurrentUser();
  if (user && (order.userId === user.id || user.role !== "customer")) return true;
  return (await placedHere()).includes(order.orderNo);
}
