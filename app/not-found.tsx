import { FallbackPage } from "@/components/layout/FallbackPage";
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
  return <FallbackPage texts={{ tr: text("tr"), en: text("en") }} href="/products" code="404" />;
}
