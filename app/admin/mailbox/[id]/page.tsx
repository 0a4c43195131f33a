import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AdminPage, PageSection } from "@/components/admin/AdminPage";
import { dateTimeFormat } from "@/components/admin/format";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { getDevEmail } from "@/lib/notifications/mailbox";

export const generateMetadata = staffPageMetadata("email.mailbox");

/**
 * One stored email. Its HTML is shown in a fully sandboxed iframe (no scripts, no same origin, no
 * forms), so whatever an email contains cannot act on the staff section.
 */
export default async function MailboxEmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireStaff(`/admin/mailbox/${encodeURIComponent(id)}`);
  if (!/^\d{1,15}$/.test(id)) notFound();
  const email = await getDevEmail(getDb(), Number(id));
  if (!email) notFound();
  const [t, locale] = await Promise.all([getTranslations("email.mailbox"), currentLocale()]);
  const time = dateTimeFormat(locale, true).format(email.createdAt);
  return (
    <AdminPage
      title={email.subject}
      titleTestId="mailbox-subject"
      back={{ href: "/admin/mailbox", label: t("back") }}
    >
      <dl className="grid gap-2 rounded-lg border border-stone-200 bg-white p-4 text-sm sm:grid-cols-[8rem_1fr]">
        <dt className="text-stone-500">{t("to")}</dt>
        <dd>{email.to}</dd>
        <dt className="text-stone-500">{t("time")}</dt>
        <dd>
          <time dateTime={email.createdAt.toISOString()}>{time}</time>
        </dd>
        <dt className="text-stone-500">{t("eventKey")}</dt>
        <dd className="font-mono text-xs break-all">{email.eventKey}</dd>
        {email.attachments.length > 0 && (
          <>
            <dt className="text-stone-500">{t("attachments")}</dt>
            <dd>
              <ul data-testid="mailbox-attachments">
                {email.attachments.map((file, index) => (
                  <li key={file.filename}>
                    <a
                      href={`/api/admin/mailbox/${email.id}/attachments/${index}`}
                      target="_blank"
                      rel="noopener"
                      className="text-brand-700 underline"
                    >
                      {file.filename}
                    </a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <PageSection id="mail-html" title={t("html")}>
        <iframe
          title={t("preview")}
          sandbox=""
          srcDoc={email.html}
          className="h-[70vh] w-full rounded-lg border border-stone-200 bg-white"
          data-testid="mailbox-html"
        />
      </PageSection>
      <PageSection id="mail-text" title={t("text")}>
        <pre className="overflow-x-auto rounded-lg border border-stone-200 bg-white p-4 text-sm whitespace-pre-wrap">
          {email.text}
        </pre>
      </PageSection>
    </AdminPage>
  );
}
