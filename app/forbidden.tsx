import { FallbackPage } from "@/components/layout/FallbackPage";
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
  return <FallbackPage texts={{ tr: text("tr"), en: text("en") }} href="/" testId="forbidden" />;
}
