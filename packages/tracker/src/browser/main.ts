import { createTracker, type Tracker } from "./create-tracker.ts";
import type { LoadOptions, TrackerApi } from "./types.ts";

// The entry of /t.js: installs `window.leadscore` and replays what the stub queued before load.

type Call = [method: string, ...args: unknown[]];
type Host = { leadscore?: unknown; __leadscoreLoaded?: boolean };

const methods = ["page", "track", "identify", "alias", "reset"] as const;
type Method = (typeof methods)[number];
const host = window as unknown as Host;
const script = document.currentScript as HTMLScriptElement | null;
const pending: Call[] = Array.isArray(host.leadscore) ? (host.leadscore.slice() as Call[]) : [];
let tracker: Tracker | undefined;

function privacySignal(): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return nav.doNotTrack === "1" || nav.globalPrivacyControl === true;
}

function load(writeKey: unknown, options: LoadOptions = {}): void {
  if (tracker || typeof writeKey !== "string" || writeKey === "") return;
  const scriptOrigin = script?.src ? new URL(script.src).origin : location.origin;
  const silent = options.respectDoNotTrack === true && privacySignal();
  const noop = () => {};
  tracker = silent
    ? { page: noop, track: noop, identify: noop, alias: noop, reset: noop }
    : createTracker(writeKey, { ...options, host: options.host ?? scriptOrigin });
  for (const call of pending.splice(0)) dispatch(call);
  if (options.autoPage !== false) tracker.page();
}

function dispatch(call: Call): void {
  const [method, ...args] = call;
  if (method === "load") load(args[0], args[1] as LoadOptions | undefined);
  else if (!tracker) pending.push(call);
  else if (methods.includes(method as Method)) {
    (tracker[method as Method] as (...given: unknown[]) => void)(...args);
  }
}

if (!host.__leadscoreLoaded) {
  host.__leadscoreLoaded = true;
  const api = { push: (call: unknown[]) => dispatch(call as Call) } as TrackerApi;
  for (const method of [...methods, "load"] as const) {
    api[method] = (...args: unknown[]) => dispatch([method, ...args]);
  }
  host.leadscore = api;
  const loadCall = pending.find((call) => call[0] === "load");
  if (loadCall) {
    pending.splice(pending.indexOf(loadCall), 1);
    load(loadCall[1], loadCall[2] as LoadOptions | undefined);
  } else if (script?.dataset.key) {
    load(script.dataset.key, {
      ...(script.dataset.host ? { host: script.dataset.host } : {}),
      autoPage: script.dataset.autoPage !== "false",
    });
  }
}
