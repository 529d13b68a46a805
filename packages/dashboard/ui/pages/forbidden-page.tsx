import { Link } from "wouter";
import { useI18n } from "../i18n-context.tsx";

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <div className="state state--empty">
        <h1 className="state__title">{t("forbidden.title")}</h1>
        <p className="muted">{t("forbidden.body")}</p>
        <Link href="/" className="button">
          {t("lead.back")}
        </Link>
      </div>
    </div>
  );
}
