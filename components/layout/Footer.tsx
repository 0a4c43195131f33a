import { getTranslations } from "next-intl/server";
import { env } from "@/lib/env";

export async function Footer() {
  const t = await getTranslations("footer");
  return (
    <footer className="mt-16 border-t border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-8 text-sm text-stone-600 sm:flex-row sm:justify-between">
        <p>
          © {new Date().getFullYear()} {env().STORE_NAME}
        </p>
        <p>{t("note")}</p>
      </div>
    </footer>
  );
}
