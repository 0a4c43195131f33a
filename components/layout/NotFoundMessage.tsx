import { getTranslations } from "next-intl/server";
import { ButtonLink } from "./ButtonLink";

/** A page that only says something: what happened and where to go from here. */
export function MessagePage({
  eyebrow,
  title,
  text,
  action,
}: {
  eyebrow?: string;
  title: string;
  text: string;
  action: { href: string; label: string };
}) {
  return (
    <div className="mx-auto flex max-w-xl flex-1 flex-col items-center justify-center gap-4 px-4 py-24 text-center">
      {eyebrow && <p className="text-sm font-semibold text-brand-700">{eyebrow}</p>}
      <h1 className="text-3xl font-semibold">{title}</h1>
      <p className="text-stone-600">{text}</p>
      <ButtonLink href={action.href}>{action.label}</ButtonLink>
    </div>
  );
}

/** A 404 inside the store's frame (app/[locale], app/(shop)), in the page's language. */
export async function NotFoundMessage() {
  const t = await getTranslations("notFound");
  return (
    <MessagePage
      eyebrow="404"
      title={t("title")}
      text={t("text")}
      action={{ href: "/products", label: t("back") }}
    />
  );
}
