import type { CliCommand, CliIo } from "./cli-io.ts";
import { UsageError } from "./cli-io.ts";

// Each command lives in its own module, loaded on demand so `leadscore score` never pays for the server.
const commands: Record<string, () => Promise<{ command: CliCommand }>> = {
  model: () => import("./commands/model.ts"),
  score: () => import("./commands/score.ts"),
  serve: () => import("./commands/serve.ts"),
  import: () => import("./commands/import.ts"),
  export: () => import("./commands/export.ts"),
  rescore: () => import("./commands/rescore.ts"),
  keys: () => import("./commands/keys.ts"),
  users: () => import("./commands/users.ts"),
  learn: () => import("./commands/learn.ts"),
  evaluate: () => import("./commands/evaluate.ts"),
  backtest: () => import("./commands/backtest.ts"),
  migrate: () => import("./commands/migrate.ts"),
  queue: () => import("./commands/queue.ts"),
};

const usage = `leadscore — lead scoring and qualification

Usage: leadscore <command> [options]

Commands:
  model validate <file>…        check model files, list every problem
  model apply <file> --db <f>   publish a model (add --retroactive to rescore history)
  model diff <a> <b>            show what changes between two model files
  queue apply <file> --db <f>   publish a call queue (queue list, queue delete <id>)
  score --model <f> --input <ndjson> [--at <time>]   score Segment-style messages offline
  serve [--db <file>] [--port <n>] [--demo]           run the server and dashboard
  migrate                       create or upgrade the store's tables, then exit
  import leads <csv> | import events <ndjson>         load data into the store
  export leads [--format csv|ndjson]                  write leads out
  rescore                       recompute every lead from its history
  keys create --scopes <a,b|admin>                    create an API key
  users create --email <e> --role <admin|marketer|agent> [--password-stdin]
  users list | users reset-password --email <e> [--password-stdin]   dashboard users
  learn <csv> --target <col>    learn a points model from outcomes
  evaluate <csv> --model <f> --target <col>           measure a model against outcomes
  backtest --model <f> [--against <f>] --cutoff <date> --horizon <dur>

Store: SQLite in a file by default (--db <file>, or LEADSCORE_DB; ./leadscore.db);
PostgreSQL with --database-url postgres://… (or DATABASE_URL) on every command that opens the store.
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout(usage);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (load === undefined) {
    io.stderr(`leadscore: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    const { command } = await load();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`leadscore ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
