import { Link, useLocation } from "wouter";
import { KeysPanel } from "../components/settings/keys-panel.tsx";
import { SnippetPanel } from "../components/settings/snippet-panel.tsx";
import { UsersPanel } from "../components/settings/users-panel.tsx";
import { useI18n } from "../i18n-context.tsx";

const SECTIONS = ["keys", "snippet", "users"] as const;
type Section = (typeof SECTIONS)[number];

/** Admin only (the shell does not route others here; the server refuses them anyway). */
export function SettingsPage() {
  const { t } = useI18n();
  const [location] = useLocation();
  const section: Section = SECTIONS.find((s) => location === `/settings/${s}`) ?? "keys";
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t("settings.title")}</h1>
      </header>
      <nav className="tabs" aria-label={t("settings.sections")}>
        {SECTIONS.map((s) => (
          <Link
            key={s}
            href={`/settings/${s}`}
            className="tabs__tab"
            aria-current={s === section ? "page" : undefined}
          >
            {t(`settings.${s}`)}
          </Link>
        ))}
      </nav>
      {section === "keys" && <KeysPanel />}
      {section === "snippet" && <SnippetPanel />}
      {section === "users" && <UsersPanel />}
    </div>
  );
}
