import type React from "react";
import { Route, Switch, useLocation } from "wouter";
import { canSee } from "../src/permissions.ts";
import { AppShell } from "./components/app-shell.tsx";
import { Loading } from "./components/states.tsx";
import { I18nProvider } from "./i18n-context.tsx";
import { AccountPage } from "./pages/account-page.tsx";
import { ForbiddenPage } from "./pages/forbidden-page.tsx";
import { LeadPage } from "./pages/lead-page.tsx";
import { LeadsPage } from "./pages/leads-page.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { QueuePage } from "./pages/queue-page.tsx";
import { SettingsPage } from "./pages/settings-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { SessionProvider, useSession } from "./session-context.tsx";

function Routes() {
  const { session, signOut } = useSession();
  const [, navigate] = useLocation();
  if (session.status === "checking") return <Loading />;
  if (session.status === "signed-out") return <SignInPage />;
  const allowed = (area: Parameters<typeof canSee>[1], page: () => React.ReactNode) =>
    canSee(session.scopes, area) ? page() : <ForbiddenPage />;
  return (
    <AppShell
      user={session.user}
      scopes={session.scopes}
      onSignOut={() => {
        navigate("/");
        void signOut();
      }}
    >
      <Switch>
        <Route path="/">{() => allowed("leads", () => <LeadsPage />)}</Route>
        <Route path="/leads/:id">
          {(params) => allowed("leads", () => <LeadPage key={params.id} id={params.id} />)}
        </Route>
        <Route path="/queue">{() => allowed("queue", () => <QueuePage />)}</Route>
        <Route path="/account" component={AccountPage} />
        <Route path="/settings/*?">{() => allowed("settings", () => <SettingsPage />)}</Route>
        <Route component={NotFoundPage} />
      </Switch>
    </AppShell>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </I18nProvider>
  );
}
