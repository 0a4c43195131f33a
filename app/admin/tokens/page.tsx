import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { revokeTokenAction } from "@/app/actions/admin";
import { dateTimeFormat } from "@/components/admin/format";
import { TokenForm } from "@/components/admin/TokenForm";
import { getDb } from "@/db/client";
import { listAdminTokens } from "@/lib/admin/tokens";
import { requireAdmin } from "@/lib/auth/guards";
import { currentLocale } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.tokens");
  return { title: t("title"), robots: { index: false, follow: false } };
}

/** Administrators only: admin API tokens (made here or with `npm run admin:token`), revocable at once. */
export default async function AdminTokensPage() {
  await requireAdmin("/admin/tokens");
  const [t, common, locale, tokens] = await Promise.all([
    getTranslations("admin.tokens"),
    getTranslations("admin.common"),
    currentLocale(),
    listAdminTokens(getDb()),
  ]);
  const date = dateTimeFormat(locale);
  const when = (iso: string | null) => (iso ? date.format(new Date(iso)) : common("never"));
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-stone-600">{t("intro")}</p>
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <TokenForm />
      </section>
      {tokens.length === 0 ? (
        <p className="rounded-lg border border-stone-200 bg-white p-5 text-stone-600">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="tokens-table">
            <thead className="border-b border-stone-200 bg-stone-50 text-stone-600">
              <tr>
                {(
                  ["name", "prefix", "createdBy", "createdAt", "lastUsedAt", "expiresAt", "status"] as const
                ).map((c) => (
                  <th key={c} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                    {t(`columns.${c}`)}
                  </th>
                ))}
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t("revoke")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id} className="border-b border-stone-100 last:border-0">
                  <td className="px-3 py-2 font-medium">{token.name}</td>
                  <td className="px-3 py-2 font-mono text-xs">{token.prefix}…</td>
                  <td className="px-3 py-2">{token.createdBy ?? common("none")}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{when(token.createdAt)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{when(token.lastUsedAt)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{when(token.expiresAt)}</td>
                  <td className="px-3 py-2">{t(`states.${token.status}`)}</td>
                  <td className="px-3 py-2 text-right">
                    {token.status === "active" && (
                      <form action={revokeTokenAction}>
                        <input type="hidden" name="id" value={token.id} />
                        <button
                          type="submit"
                          className="rounded-md border border-red-700 px-2.5 py-1 text-xs text-red-800 hover:bg-red-50"
                          aria-label={`${t("revoke")} ${token.name}`}
                        >
                          {t("revoke")}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
