import type { MiddlewareHandler } from "hono";
import { Counter, Histogram, Registry } from "prom-client";
import type { IngestResult, MetricSample } from "../use-cases/app-services.ts";
import type { HttpEnv } from "./http-env.ts";

/** Prometheus metrics owned by the HTTP layer; the service's own samples are appended at scrape time. */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requestDuration = new Histogram({
    name: "leadscore_http_request_duration_seconds",
    help: "HTTP request duration by route template, method and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly ingestItems = new Counter({
    name: "leadscore_http_ingest_items_total",
    help: "Collected messages by outcome (accepted, duplicate, rejected).",
    labelNames: ["status"] as const,
    registers: [this.registry],
  });
  private readonly problems = new Counter({
    name: "leadscore_http_problems_total",
    help: "problem+json answers by status.",
    labelNames: ["status"] as const,
    registers: [this.registry],
  });

  /** Times every request; the label is the route template (`/v1/leads/:id`), never a lead id. */
  readonly middleware: MiddlewareHandler<HttpEnv> = async (c, next) => {
    const startedAt = process.hrtime.bigint();
    await next();
    const route =
      c.req.routePath === "/*" || c.req.routePath === "" ? "unmatched" : c.req.routePath;
    this.observe(
      c.req.method,
      route,
      c.res.status,
      startedAt,
      c.res.headers.get("content-type")?.startsWith("application/problem+json") === true,
    );
  };

  /** One answered request; `startedAt` from `process.hrtime.bigint()`. */
  observe(
    method: string,
    route: string,
    status: number,
    startedAt: bigint,
    problem: boolean,
  ): void {
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const statusLabel = String(status);
    this.requestDuration.observe({ method, route, status: statusLabel }, seconds);
    if (problem) this.problems.inc({ status: statusLabel });
  }

  countIngest(result: Pick<IngestResult, "accepted" | "duplicates" | "rejected">): void {
    this.ingestItems.inc({ status: "accepted" }, result.accepted);
    this.ingestItems.inc({ status: "duplicate" }, result.duplicates);
    this.ingestItems.inc({ status: "rejected" }, result.rejected);
  }

  async render(serviceSamples: readonly MetricSample[]): Promise<string> {
    return (await this.registry.metrics()) + formatSamples(serviceSamples);
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll('"', '\\"');
}

/** Prometheus text exposition for plain samples, one HELP/TYPE header per metric name. */
export function formatSamples(samples: readonly MetricSample[]): string {
  const byName = new Map<string, MetricSample[]>();
  for (const sample of samples) {
    const group = byName.get(sample.name) ?? [];
    group.push(sample);
    byName.set(sample.name, group);
  }
  let text = "";
  for (const [name, group] of byName) {
    const first = group[0]!;
    text += `# HELP ${name} ${first.help.replaceAll("\n", " ")}\n# TYPE ${name} ${first.type}\n`;
    for (const sample of group) {
      const labels = Object.entries(sample.labels ?? {})
        .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
        .join(",");
      text += `${name}${labels === "" ? "" : `{${labels}}`} ${sample.value}\n`;
    }
  }
  return text;
}
