import { type Logger, pino } from "pino";

/** Paths pino masks on every request log line: credentials and personal data. */
export const REDACTED_LOG_PATHS = [
  "authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "writeKey",
  "*.writeKey",
  "key",
  "secret",
  "*.secret",
  "email",
  "*.email",
  "*.*.email",
  "phone",
  "*.phone",
  "*.*.phone",
];

/** The JSON logger the server runs with; `destination` lets tests capture lines. */
export function createHttpLogger(
  options: { level?: string; destination?: pino.DestinationStream } = {},
): Logger {
  const settings = {
    level: options.level ?? "info",
    redact: { paths: REDACTED_LOG_PATHS, censor: "[redacted]" },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}
