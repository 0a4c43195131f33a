import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/locale";
import { messages as allMessages } from "@/messages";

/**
 * The messages of the given namespaces only ("account.nav" picks one branch of it): every message sent to the
 * browser is inlined into each page's HTML, more than half of a product page if all of them were sent.
 */
export function clientMessages(locale: Locale, namespaces: string[]): Record<string, unknown> {
  const all = allMessages[locale] as Record<string, Record<string, unknown>>;
  const picked: Record<string, Record<string, unknown>> = {};
  for (const namespace of namespaces) {
    const [top = "", branch] = namespace.split(".");
    picked[top] = branch ? { ...picked[top], [branch]: all[top]?.[branch] } : (all[top] ?? {});
  }
  return picked;
}

/**
 * `<html>` and `<body>`. The root layout (app/layout.tsx) only passes its children through so that the
 * statically rendered pages (app/[locale]) can take the language from their URL segment while the other
 * layouts take it from the visitor's cookie; each of them wraps its tree in this.
 */
export function Document({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  /** What the page's client components need (clientMessages); all of them when not given. */
  messages?: Record<string, unknown>;
  children: ReactNode;
}) {
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        <NextIntlClientProvider messages={messages}>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
