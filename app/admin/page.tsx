import { getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/guards";

/** The staff dashboard: who is signed in, with which role. The management pages come with their issues. */
export default async function AdminHomePage() {
  const user = await requireStaff("/admin");
  const [t, profile] = await Promise.all([
    getTranslations("account.staff"),
    getTranslations("account.profile"),
  ]);
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-lg" data-testid="staff-welcome">
        {t("welcome", { name: user.name })}
      </p>
      <p className="text-sm text-stone-600">
        {t("signedInAs", { email: user.email, role: profile(`roles.${user.role}`) })}
      </p>
      <p className="text-stone-700">{t("intro")}</p>
    </div>
  );
}
