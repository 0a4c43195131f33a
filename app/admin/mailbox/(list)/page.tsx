import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/guards";
import { currentLocale } from "@/lib/i18n/server";
import { listDevEmails } from "@/lib/notifications/mailbox";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("email.mailbox");
  return { title: t("title"), robots: { index: false, follow: false } };
}

/** The development mailbox: the emails the store would have sent without RESEND_API_KEY, newest first. */
export default async function MailboxPage() {
  await requireStaff("/admin/mailbox");
  const [t, locale, { entries, total }] = await Promise.all([
    getTranslations("email.mailbox"),
    currentLocale(),
    listDevEmails(getDb()),
  ]);
  const time = new Intl.DateTimeFormat(locale === "tr" ? "tr-TR" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: "Europe/Istanbul",
  });
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-stone-600">{t("intro")}</p>
      {entries.length === 0 ? (
        <p
          className="rounded-lg border border-stone-200 bg-white p-5 text-stone-600"
          data-testid="mailbox-empty"
        >
          {t("empty")}
        </p>
      ) : (
        <>
          {total > entries.length && (
            <p className="text-sm text-stone-500">{t("showing", { count: entries.length })}</p>
          )}
          <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="mailbox">
              <thead className="border-b border-stone-200 bg-stone-50 text-stone-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">
                    {t("subject")}
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    {t("to")}
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium whitespace-nowrap">
                    {t("time")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((email) => (
                  <tr key={email.id} className="border-b border-stone-100 last:border-0 hover:bg-stone-50">
                    <td className="px-4 py-2">
                      <Link
                        href={`/admin/mailbox/${email.id}`}
                        className="font-medium text-brand-700 underline"
                      >
                        {email.subject}
                      </Link>
                    </td>
                    <td className="px-4 py-2 text-stone-700">{email.to}</td>
                    <td className="px-4 py-2 whitespace-nowrap text-stone-600">
                      <time dateTime={email.createdAt.toISOString()}>{time.format(email.createdAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
