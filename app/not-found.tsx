import { FallbackPage } from "@/components/layout/FallbackPage";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale";
import { messages } from "@/messages";

const text = (locale: "tr" | "en") => {
  const t = messages[locale].notFound;
  return { title: t.title, body: t.text, link: t.back };
};

/**
 * A path no page has, or notFound() outside a layout with its own 404 (app/[locale], app/(shop)). It
 * reads nothing from the request: Next.js renders it along with the cached pages (see FallbackPage).
 */
export default function NotFound() {
  return (
    <html lang={DEFAULT_LOCALE}>
      <body className="flex min-h-screen flex-col">
        <main id="main" className="flex flex-1 flex-col">
          <FallbackPage texts={{ tr: text("tr"), en: text("en") }} href="/products" code="404" />
        </main>
      </body>
    </html>
  );
}
