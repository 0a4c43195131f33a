import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat } from "@/components/admin/format";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import {
  type DevMessageEntry,
  listDevEmails,
  listDevMessages,
  type MailboxEntry,
} from "@/lib/notifications/mailbox";

export const generateMetadata = staffPageMetadata("email.mailbox");

/**
 * The development mailbox: the emails the store would have sent without RESEND_API_KEY, and below them
 * the SMS and push messages it would have sent without Netgsm or Expo, each newest first.
 */
export default async function MailboxPage() {
  await requireStaff("/admin/mailbox");
  const [t, locale, { entries, total }, messages] = await Promise.all([
    getTranslations("email.mailbox"),
    currentLocale(),
    listDevEmails(getDb()),
    listDevMessages(getDb()),
  ]);
  const time = dateTimeFormat(locale, true);
  const columns: Column<MailboxEntry>[] = [
    {
      key: "subject",
      header: t("subject"),
      cell: (email) => (
        <Link href={`/admin/mailbox/${email.id}`} className="font-medium text-brand-700 underline">
          {email.subject}
        </Link>
      ),
    },
    { key: "to", header: t("to"), className: "text-stone-700", cell: (email) => email.to },
    {
      key: "attachments",
      header: t("attachments"),
      align: "right",
      className: "tabular-nums text-stone-700",
      cell: (email) => (email.attachments > 0 ? email.attachments : ""),
    },
    {
      key: "time",
      header: t("time"),
      className: "whitespace-nowrap text-stone-600",
      cell: (email) => <time dateTime={email.createdAt.toISOString()}>{time.format(email.createdAt)}</time>,
    },
  ];
  const messageColumns: Column<DevMessageEntry>[] = [
    { key: "channel", header: t("channel"), cell: (m) => t(`channels.${m.channel}`) },
    {
      key: "message",
      header: t("message"),
      cell: (m) => <span className="whitespace-pre-wrap">{m.title ? `${m.title}: ${m.body}` : m.body}</span>,
    },
    { key: "to", header: t("to"), className: "whitespace-nowrap text-stone-700", cell: (m) => m.to },
    {
      key: "time",
      header: t("time"),
      className: "whitespace-nowrap text-stone-600",
      cell: (m) => <time dateTime={m.createdAt.toISOString()}>{time.format(m.createdAt)}</time>,
    },
  ];
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      {total > entries.length && (
        <p className="text-sm text-stone-500">{t("showing", { count: entries.length })}</p>
      )}
      <DataTable columns={columns} rows={entries} rowKey="id" empty={t("empty")} testId="mailbox" />
      <section aria-labelledby="messages-heading" className="flex flex-col gap-2">
        <h2 id="messages-heading" className="text-lg font-semibold">
          {t("messagesHeading")}
        </h2>
        <p className="text-sm text-stone-600">{t("messagesIntro")}</p>
        <DataTable
          columns={messageColumns}
          rows={messages}
          rowKey="id"
          empty={t("messagesEmpty")}
          testId="mailbox-messages"
        />
      </section>
    </AdminPage>
  );
}
