import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const binPath = join(import.meta.dirname, "../../bin/leadscore.js");

export interface SpawnedServer {
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  readonly output: () => string;
  /** The admin key printed on a first start; null when the database already had one. */
  readonly adminKey: string | null;
  /** The port it listens on (the one asked for, or the one it got for port 0). */
  readonly port: number;
}

/** `leadscore serve` as a child process, resolved once it listens; for crash tests and benchmarks. */
export function spawnServe(options: {
  /** A SQLite file; or give `databaseUrl` for PostgreSQL. */
  dbPath?: string;
  databaseUrl?: string;
  port: number;
  logLevel?: string;
  startTimeoutMs?: number;
  /** Flags for the child's node, e.g. `--cpu-prof` when profiling a benchmark. */
  nodeArgs?: readonly string[];
}): Promise<SpawnedServer> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      binPath,
      "serve",
      ...(options.databaseUrl === undefined
        ? ["--db", options.dbPath ?? "./leadscore.db"]
        : ["--database-url", options.databaseUrl]),
      "--port",
      String(options.port),
    ],
    {
      // The store comes from the flags alone, whatever this process's environment says.
      env: {
        ...process.env,
        LOG_LEVEL: options.logLevel ?? "silent",
        DATABASE_URL: "",
        LEADSCORE_DB: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start: ${out}`));
    }, options.startTimeoutMs ?? 15_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (${code}): ${out}`));
    };
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /listening on http:\/\/[^\s:]+:(\d+)/.exec(out);
      if (listening === null) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      resolve({
        child,
        output: () => out,
        adminKey: /^(sk_\S+)$/m.exec(out)?.[1] ?? null,
        port: Number(listening[1]),
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}
