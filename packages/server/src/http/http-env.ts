import type { Logger } from "pino";
import type { AuthContext } from "../use-cases/app-services.ts";

/** Per-request values set by the middleware chain. */
export interface HttpEnv {
  Variables: {
    requestId: string;
    log: Logger;
    auth: AuthContext;
    /** Request body parsed by `readBody`: JSON (safely parsed) or YAML. */
    body: unknown;
    bodyText: string;
  };
}
