// Every benchmark in turn, each in its own process (so one's heap and threads never weigh on the next), at
// its default size or a quicker one with `--quick`. Prints one JSON object: each benchmark's own JSON line
// under its name, or its exit code and the end of its stderr when it failed.
// Run: node --import tsx bench/run.ts [--quick] [--only engine,ingest]
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
  },
});

interface Benchmark {
  readonly name: string;
  readonly file: string;
  readonly nodeFlags?: readonly string[];
  /** Arguments for `--quick`: the same measurement on fewer leads and events or for less time. */
  readonly quick: readonly string[];
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    name: "engine",
    file: "engine.ts",
    nodeFlags: ["--expose-gc"],
    quick: ["--leads", "100000", "--events", "500000", "--sample", "5000"],
  },
  { name: "ingest", file: "ingest.ts", quick: ["--seconds", "4"] },
  { name: "applyCommit", file: "apply-commit.ts", quick: ["--units", "100"] },
  { name: "postgresAppend", file: "postgres-append.ts", quick: ["--units", "60"] },
  { name: "rescore", file: "rescore.ts", quick: ["--events", "200000", "--leads", "10000"] },
  {
    name: "realtime",
    file: "realtime.ts",
    nodeFlags: ["--max-old-space-size=8192"],
    quick: ["--seconds", "5", "--leads", "100000"],
  },
  { name: "leads", file: "leads-list.ts", quick: ["--leads", "20000", "--rounds", "10"] },
  { name: "reports", file: "reports.ts", quick: ["--leads", "20000", "--rounds", "5"] },
  { name: "learn", file: "learn.ts", quick: [] },
];

/** A benchmark's result: the last JSON object it printed, on one line or indented over several. */
function lastJsonObject(stdout: string): unknown {
  const lines = stdout.trimEnd().split("\n");
  for (let start = lines.length - 1; start >= 0; start--) {
    if (!lines[start]!.startsWith("{")) continue;
    try {
      return JSON.parse(lines.slice(start).join("\n"));
    } catch {
      // An opening brace of a nested object: look further up.
    }
  }
  return undefined;
}

const only = values.only?.split(",").map((name) => name.trim());
const results: Record<string, unknown> = {};
for (const bench of BENCHMARKS) {
  if (only !== undefined && !only.includes(bench.name)) continue;
  const args = [
    ...(bench.nodeFlags ?? []),
    "--import",
    "tsx",
    join(import.meta.dirname, bench.file),
    ...(values.quick ? bench.quick : []),
  ];
  process.stderr.write(`bench ${bench.name}…\n`);
  const run = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const output = lastJsonObject(run.stdout);
  results[bench.name] =
    run.status === 0 && output !== undefined
      ? output
      : { failed: true, exitCode: run.status, stderr: run.stderr.slice(-2000) };
}
console.log(JSON.stringify({ benchmark: "all", quick: values.quick, results }));
