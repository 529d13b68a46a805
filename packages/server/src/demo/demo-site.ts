import type { AppServices, QueueEntry } from "../use-cases/app-services.ts";

// The demo shop served at /demo/site by `leadscore serve --demo`: a page carrying the snippet, where a
// visitor can sign in as one of the demo's leads and watch that lead jump in the dashboard's call queue.

const QUEUE = "callers";
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Medium-score leads well down the queue, so the jump to the top is plain to see. */
async function candidates(services: AppServices): Promise<QueueEntry[]> {
  const top = await services.queues.top(QUEUE, 500);
  if (!top.ok) return [];
  const best = top.value.data[0]?.score ?? 0;
  const medium = top.value.data.filter(
    (e) => e.userId !== null && !e.presentNow && e.score < best - 20 && e.score > 10,
  );
  const step = Math.max(1, Math.floor(medium.length / 8));
  return medium.filter((_, i) => i % step === 0).slice(0, 8);
}

export async function demoSiteHtml(services: AppServices, publishableKey: string): Promise<string> {
  const options = (await candidates(services))
    .map(
      (e) =>
        `<option value="${escapeHtml(e.userId ?? "")}">${escapeHtml(e.name ?? e.userId ?? "")}${e.company ? ` — ${escapeHtml(e.company)}` : ""} (score ${e.score})</option>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind Cloud — pricing</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#f6f7fb}
header{background:#1d2433;color:#fff;padding:16px 32px;display:flex;justify-content:space-between;align-items:center}
main{max-width:880px;margin:32px auto;padding:0 24px}
.plans{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:16px}
.plan{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px #0002}
.card{background:#fff;border-radius:12px;padding:20px;margin:24px 0;box-shadow:0 1px 3px #0002}
button,select{font:inherit;padding:8px 12px;border-radius:8px;border:1px solid #c5cbd8}
button{background:#3d5afe;color:#fff;border:0;cursor:pointer}
#status{color:#2e7d32}
</style>
<script>
window.leadscore = window.leadscore || [];
["load","page","track","identify","alias","reset"].forEach(function (m) {
  leadscore[m] = leadscore[m] || function () { leadscore.push([m].concat([].slice.call(arguments))); };
});
leadscore.load(${JSON.stringify(publishableKey)}, { heartbeatIntervalMs: 5000 });
</script>
<script async src="/t.js"></script>
</head><body>
<header><strong>Northwind Cloud</strong><span>Demo shop — carries the leadscore snippet</span></header>
<main>
<div class="card">
<p>Sign in as one of the demo's leads, then open the <a href="/queue" target="_blank">call queue</a>:
within a second the lead is first, because it is on the site now. Close this tab and it drops back
after the model's presence time.</p>
<label>Lead <select id="who">${options}</select></label>
<button id="signin" type="button">Sign in</button>
<button id="signout" type="button">Sign out</button>
<p id="status" role="status"></p>
</div>
<h1>Pricing</h1>
<div class="plans">
<div class="plan"><h2>Starter</h2><p>€19 / month</p><button type="button" data-plan="starter">Request a demo</button></div>
<div class="plan"><h2>Team</h2><p>€79 / month</p><button type="button" data-plan="team">Request a demo</button></div>
<div class="plan"><h2>Enterprise</h2><p>Talk to us</p><button type="button" data-plan="enterprise">Request a demo</button></div>
</div>
</main>
<script>
var statusLine = document.getElementById("status");
document.getElementById("signin").onclick = function () {
  var who = document.getElementById("who").value;
  leadscore.identify(who);
  leadscore.page();
  statusLine.textContent = "Signed in as " + who + ": watch the queue.";
};
document.getElementById("signout").onclick = function () {
  leadscore.reset();
  statusLine.textContent = "Signed out.";
};
document.querySelectorAll("[data-plan]").forEach(function (button) {
  button.onclick = function () {
    leadscore.track("demo.requested", { plan: button.dataset.plan });
    statusLine.textContent = "Demo requested.";
  };
});
</script>
</body></html>`;
}
