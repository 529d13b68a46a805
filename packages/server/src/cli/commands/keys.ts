import { parseArgs } from "node:util";
import { createApp } from "../../composition-root.ts";
import type { Scope } from "../../use-cases/app-services.ts";
import type { CliCommand } from "../cli-io.ts";
import { UsageError } from "../cli-io.ts";
import { STORE_OPTIONS, storeFrom } from "./db-option.ts";

/** `leadscore keys create --db <f> --scopes <a,b|admin> [--publishable --origins <o,…>] [--name <n>]`. */
export const command: CliCommand = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub !== "create") throw new UsageError(`unknown subcommand "${sub ?? ""}"; expected create`);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      ...STORE_OPTIONS,
      scopes: { type: "string" },
      publishable: { type: "boolean", default: false },
      origins: { type: "string" },
      name: { type: "string" },
    },
  });
  const split = (text: string | undefined) =>
    (text ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  const kind = values.publishable ? "publishable" : "secret";
  const app = await createApp({
    ...storeFrom(values, io),
    createAdminKey: false,
    replayLog: false,
  });
  try {
    const created = await app.services.keys.create({
      kind,
      name: values.name ?? `${kind} key (cli)`,
      ...(kind === "secret"
        ? { scopes: split(values.scopes) as Scope[] }
        : { allowedOrigins: split(values.origins) }),
    });
    if (!created.ok) {
      io.stderr(
        `leadscore keys create: ${created.error.errors?.[0]?.detail ?? created.error.detail}\n`,
      );
      return 1;
    }
    const { key } = created.value;
    io.stdout(
      `Created ${key.kind} key ${key.id} (${key.kind === "secret" ? key.scopes.join(",") : key.allowedOrigins.join(",")}); shown once:\n`,
    );
    io.stdout(`${created.value.secret}\n`);
    return 0;
  } finally {
    await app.close();
  }
};
