import type { AppServices, QueueEntry } from "../use-cases/app-services.ts";

// The demo shop served at /demo/site by `leadscore serve --demo`: a page carrying the snippet, where a
// visitor can sign in as one of the demo's leads and watch that lead jump in the dashboard's call queue.

const QUEUE = "callers";
const SHOWN_FIRST = 10;
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Medium-score leads well down the queue, so the jump to the top is plain to see. */
async function candidates(services: AppServices): Promise<QueueEntry[]> {
  const top = await services.queues.top(QUEUE, 500);
  if (!top.ok) return [];
  const best = top.value.data[0]?.score ?? 0;
  // Never from the first screen of the queue: the visitor's jump to the top must be plain to see.
  const medium = top.value.data
    .slice(SHOWN_FIRST)
    .filter((e) => e.userId !== null && !e.presentNow && e.score < best - 20 && e.score > 10);
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
button.secondary{background:#fff;color:#1d2433;border:1px solid #c5cbd8}
ol{padding-left:20px}li{margin:4px 0}
#status{color:#2e7d32}
</style>
<script>
window.leadscore = window.leadscore || [];
["load","page","track","identify","alias","reset"].forEach(function (m) {
  leadscore[m] = leadscore[m] || function () { leadscore.push([m].concat([].slice.call(arguments))); };
});
leadscore.load(${JSON.stringify(publishableKey)}, { heartbeatIntervalMs: 5000, flushIntervalMs: 500 });
</script>
<script async src="/t.js"></script>
</head><body>
<header><strong>Northwind Cloud</strong><span>Demo shop — carries the leadscore snippet</span></header>
<main>
<div class="card">
<h2>Watch the live call queue react</h2>
<ol>
<li>Open the <a href="/" target="_blank">dashboard</a> in another tab and sign in (the admin password was
printed when the server started). Its first page shows the top of the call queue, live.</li>
<li>Pick one of the demo's leads below and press <b>Browse as this lead</b>: this page tells leadscore who
is visiting, as your website would after a sign-in.</li>
<li>Within a second the lead is first in the queue, marked <i>On the site now</i>, above leads with a
higher score. <b>Request a demo</b> on a plan is a high-intent event: the lead also becomes an SQL.</li>
<li>Close this tab: the lead drops back once the model's presence time has passed (45 seconds unless
the model says otherwise).</li>
</ol>
<label>Lead <select id="who">${options}</select></label>
<button id="signin" type="button">Browse as this lead</button>
<button id="signout" type="button" class="secondary">Forget me</button>
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
  var select = document.getElementById("who");
  leadscore.identify(select.value);
  leadscore.page();
  var name = select.options[select.selectedIndex].text.split(" — ")[0].split(" (")[0];
  statusLine.textContent = "Browsing as " + name + ": watch the queue.";
};
document.getElementById("signout").onclick = function () {
  leadscore.reset();
  statusLine.textContent = "This browser is anonymous again.";
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
