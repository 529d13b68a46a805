import { Link } from "wouter";
import { EmptyState } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <EmptyState
      title={t("notFound.title")}
      action={
        <Link href="/" className="button">
          {t("nav.leads")}
        </Link>
      }
    >
      {t("notFound.body")}
    </EmptyState>
  );
}
