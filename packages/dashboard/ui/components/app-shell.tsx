import type { ReactNode } from "react";
import { useEffect, useRef } from "react";
import { Link, useLocation } from "wouter";
import type { SessionUser } from "../../src/api/api-types.ts";
import type { Locale } from "../../src/i18n/translate.ts";
import { LOCALES } from "../../src/i18n/translate.ts";
import { canSee } from "../../src/permissions.ts";
import { useI18n } from "../i18n-context.tsx";

const languageNames: Record<Locale, string> = { en: "English", es: "Español" };

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <label className="language">
      <span className="visually-hidden">{t("nav.language")}</span>
      <select
        value={locale}
        onChange={(event) => setLocale(event.target.value === "es" ? "es" : "en")}
        aria-label={t("nav.language")}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageNames[code]}
          </option>
        ))}
      </select>
    </label>
  );
}

function NavLink({
  href,
  icon,
  children,
  narrowOnly = false,
}: {
  href: string;
  icon: string;
  children: ReactNode;
  narrowOnly?: boolean;
}) {
  const [location] = useLocation();
  const active =
    href === "/" ? location === "/" || location.startsWith("/leads") : location.startsWith(href);
  return (
    <Link
      href={href}
      className={narrowOnly ? "nav__link nav__link--narrow" : "nav__link"}
      aria-current={active ? "page" : undefined}
    >
      <span className="nav__icon" aria-hidden="true">
        {icon}
      </span>
      <span>{children}</span>
    </Link>
  );
}

export function AppShell({
  user,
  scopes,
  onSignOut,
  children,
}: {
  user: SessionUser;
  scopes: readonly string[];
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [location] = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstLocation = useRef(location);
  // After client-side navigation, move focus to the new page so keyboard and screen-reader users start there.
  useEffect(() => {
    if (location !== firstLocation.current) main.current?.focus({ preventScroll: false });
  }, [location]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="shell__bar">
        <Link href="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            ◆
          </span>
          <span className="brand__name">{t("app.name")}</span>
        </Link>
        <nav className="nav" aria-label={t("nav.main")}>
          <NavLink href="/" icon="☰">
            {t("nav.leads")}
          </NavLink>
          {canSee(scopes, "queue") && (
            <NavLink href="/queue" icon="☎">
              {t("nav.queue")}
            </NavLink>
          )}
          {canSee(scopes, "settings") && (
            <NavLink href="/settings" icon="⚙">
              {t("nav.settings")}
            </NavLink>
          )}
          <NavLink href="/account" icon="☺" narrowOnly>
            {t("nav.account")}
          </NavLink>
        </nav>
        <div className="shell__account">
          <LanguageSwitch />
          <Link href="/account" className="shell__user small muted" title={user.email}>
            {t("nav.signedInAs", { email: user.email, role: t(`role.${user.role}`) })}
          </Link>
          <button type="button" className="button button--ghost" onClick={onSignOut}>
            {t("nav.signOut")}
          </button>
        </div>
      </header>
      <main id="main" className="shell__main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </div>
  );
}
