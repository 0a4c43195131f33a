"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

function remaining(until: string): number {
  return Math.max(0, Math.floor((new Date(until).getTime() - Date.now()) / 1000));
}

/** "Ürünleriniz 14:32 boyunca ayrıldı": ticks every second until the earliest hold lapses. */
export function ReservationCountdown({ until }: { until: string }) {
  const t = useTranslations("cart");
  const [seconds, setSeconds] = useState<number | null>(null);
  useEffect(() => {
    setSeconds(remaining(until));
    const timer = setInterval(() => setSeconds(remaining(until)), 1000);
    return () => clearInterval(timer);
  }, [until]);
  const value = seconds ?? remaining(until);
  const time = `${Math.floor(value / 60)}:${String(value % 60).padStart(2, "0")}`;
  return (
    <p
      // The server's second and the browser's differ when the page hydrates: the server's text stays until
      // the first tick instead of React redrawing the whole cart (and losing what the shopper typed).
      suppressHydrationWarning
      data-testid="reservation-countdown"
      className={`rounded-md px-4 py-3 text-sm font-medium ${
        value > 0 ? "bg-brand-50 text-brand-800" : "bg-amber-50 text-amber-900"
      }`}
    >
      {value > 0 ? t("heldFor", { time }) : t("holdLapsed")}
    </p>
  );
}
