import { FallbackPage } from "@/components/layout/FallbackPage";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale";
import { messages } from "@/messages";

const text = (locale: "tr" | "en") => {
  const t = messages[locale].account.forbidden;
  return { title: t.title, body: t.body, link: t.home };
};

/**
 * 403: a signed-in visitor without the role a page needs (e.g. a customer opening /admin). It reads
 * nothing from the request: Next.js renders it along with the cached pages (see FallbackPage).
 */
export default function Forbidden() {
  return (
    <html lang={DEFAULT_LOCALE}>
      <body className="flex min-h-screen flex-col">
        <main id="main" className="flex flex-1 flex-col">
          <FallbackPage texts={{ tr: text("tr"), en: text("en") }} href="/" testId="forbidden" />
        </main>
      </body>
    </html>
  );
}
