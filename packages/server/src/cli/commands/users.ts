import { parseArgs } from "node:util";
import { createApp } from "../../composition-root.ts";
import { ROLES, type Role, type ServiceError } from "../../use-cases/app-services.ts";
import type { CliCommand, CliIo } from "../cli-io.ts";
import { UsageError } from "../cli-io.ts";
import { dbPathFrom } from "./db-option.ts";

const options = {
  db: { type: "string" },
  email: { type: "string" },
  role: { type: "string" },
  "password-stdin": { type: "boolean", default: false },
} as const;

async function passwordFromStdin(io: CliIo, wanted: boolean): Promise<string | undefined> {
  if (!wanted) return undefined;
  if (io.readStdin === undefined) throw new UsageError("standard input is not available");
  // One trailing newline comes from `echo` or a here-string; everything else is the password.
  return (await io.readStdin()).replace(/\r?\n$/, "");
}

function problem(io: CliIo, sub: string, error: ServiceError): number {
  io.stderr(`leadscore users ${sub}: ${error.errors?.[0]?.detail ?? error.detail}\n`);
  return 1;
}

/**
 * `leadscore users create --email <e> --role <r> [--password-stdin]` (the generated password on the
 * last line), `users list`, `users reset-password --email <e> [--password-stdin]`. Works with the
 * server stopped or running: users are read from the store on every sign-in.
 */
export const command: CliCommand = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub !== "create" && sub !== "list" && sub !== "reset-password") {
    throw new UsageError(
      `unknown subcommand "${sub ?? ""}"; expected create, list or reset-password`,
    );
  }
  const { values } = parseArgs({ args: rest, strict: true, options });
  const email = values.email;
  if (sub !== "list" && email === undefined) throw new UsageError("--email is required");
  const role = values.role;
  if (sub === "create" && !ROLES.includes(role as Role)) {
    throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  }
  const password = await passwordFromStdin(io, values["password-stdin"]);
  const app = await createApp({
    dbPath: dbPathFrom(values.db, io),
    createAdminKey: false,
    replayLog: false,
  });
  try {
    if (sub === "list") {
      for (const user of await app.services.users.list()) {
        const status = user.disabledAt === null ? "active" : "disabled";
        io.stdout(`${user.id}\t${user.email}\t${user.role}\t${status}\n`);
      }
      return 0;
    }
    const result =
      sub === "create"
        ? await app.services.users.create({
            email: email ?? "",
            role: role as Role,
            ...(password === undefined ? {} : { password }),
          })
        : await app.services.users.resetPassword(email ?? "", password);
    if (!result.ok) return problem(io, sub, result.error);
    const { user, password: generated } = result.value;
    const done =
      sub === "create"
        ? `Created ${user.role} ${user.email} (${user.id})`
        : `New password for ${user.email}; their sessions ended`;
    if (generated === null) {
      io.stdout(`${done}.\n`);
    } else {
      io.stdout(`${done}; password shown once:\n${generated}\n`);
    }
    return 0;
  } finally {
    await app.close();
  }
};
