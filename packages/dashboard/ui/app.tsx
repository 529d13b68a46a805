import { Route, Switch } from "wouter";
import { AppShell } from "./components/app-shell.tsx";
import { Loading } from "./components/states.tsx";
import { I18nProvider } from "./i18n-context.tsx";
import { LeadPage } from "./pages/lead-page.tsx";
import { LeadsPage } from "./pages/leads-page.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { QueuePage } from "./pages/queue-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { SessionProvider, useSession } from "./session-context.tsx";

function Routes() {
  const { session, signOut } = useSession();
  if (session.status === "checking") return <Loading />;
  if (session.status === "signed-out") return <SignInPage />;
  return (
    <AppShell user={session.user} onSignOut={() => void signOut()}>
      <Switch>
        <Route path="/" component={LeadsPage} />
        <Route path="/leads/:id">{(params) => <LeadPage key={params.id} id={params.id} />}</Route>
        <Route path="/queue" component={QueuePage} />
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
