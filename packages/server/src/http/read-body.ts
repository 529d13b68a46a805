import type { Context, MiddlewareHandler } from "hono";
import { parse as parseYaml } from "yaml";
import type { HttpEnv } from "./http-env.ts";
import { problemResponse } from "./problem.ts";
import { MAX_JSON_DEPTH, parseJsonSafely } from "./safe-json.ts";

export const MAX_REQUEST_BYTES = 500 * 1024;

export interface ReadBodyOptions {
  /** Collect routes take `text/plain` so the browser snippet avoids a CORS preflight. */
  readonly allowTextPlain?: boolean;
  /** Model documents may arrive as YAML. */
  readonly allowYaml?: boolean;
  readonly maxBytes?: number;
  /** An empty body reads as `{}` (actions whose body is all optional fields). */
  readonly optional?: boolean;
}

const YAML_TYPES = new Set(["application/yaml", "application/x-yaml", "text/yaml"]);

function mediaTypeOf(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

const TOO_LARGE = Symbol("too large");

/**
 * The body text, or TOO_LARGE past `maxBytes`. A declared Content-Length is checked up front and the
 * body read in one piece (the node adapter's direct path; touching `raw.body` would build a web
 * stream per request, which cost more than parsing the batch); chunked bodies are counted as they stream.
 */
async function readLimitedText(
  c: Context<HttpEnv>,
  maxBytes: number,
): Promise<string | typeof TOO_LARGE> {
  const declared = c.req.header("content-length");
  if (declared !== undefined && c.req.header("transfer-encoding") === undefined) {
    return Number(declared) > maxBytes ? TOO_LARGE : c.req.text();
  }
  const stream = c.req.raw.body;
  if (stream === null) return "";
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads the body under a byte limit and parses it safely; sets `body` (parsed) and `bodyText`. */
export function readBody(options: ReadBodyOptions = {}): MiddlewareHandler<HttpEnv> {
  const maxBytes = options.maxBytes ?? MAX_REQUEST_BYTES;
  return async (c, next) => {
    const mediaType = mediaTypeOf(c.req.header("content-type"));
    const isJson = mediaType === "" || mediaType === "application/json";
    const isText = options.allowTextPlain === true && mediaType === "text/plain";
    const isYaml = options.allowYaml === true && YAML_TYPES.has(mediaType);
    if (!isJson && !isText && !isYaml) {
      return problemResponse(c, {
        status: 415,
        type: "unsupported-media-type",
        title: "Unsupported media type",
        detail: `Content-Type ${mediaType} is not accepted here.`,
      });
    }
    const text = await readLimitedText(c, maxBytes);
    if (text === TOO_LARGE || Buffer.byteLength(text) > maxBytes) {
      return problemResponse(c, {
        status: 413,
        type: "request-too-large",
        title: "Request body too large",
        detail: `The request body exceeds ${maxBytes} bytes.`,
        errors: [{ pointer: "", detail: `body larger than ${maxBytes} bytes` }],
      });
    }
    const parsed =
      options.optional === true && text.trim() === ""
        ? { ok: true as const, value: {} }
        : isYaml
          ? parseYamlSafely(text)
          : parseJsonSafely(text);
    if (!parsed.ok) {
      return problemResponse(c, {
        status: 400,
        type: parsed.code.replaceAll("_", "-"),
        title:
          parsed.code === "malformed_json" ? "Malformed request body" : "Rejected request body",
        detail: parsed.error.detail,
        errors: [parsed.error],
      });
    }
    c.set("bodyText", text);
    c.set("body", parsed.value);
    // Validators downstream call c.req.json(); hand them the safely parsed value.
    c.req.bodyCache.json = Promise.resolve(parsed.value);
    await next();
    return undefined;
  };
}

function parseYamlSafely(text: string): ReturnType<typeof parseJsonSafely> {
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    const detail = error instanceof Error ? error.message : "invalid YAML";
    return { ok: false, code: "malformed_json", error: { pointer: "", detail } };
  }
  // Re-check the parsed tree with the same depth and key rules as JSON.
  return parseJsonSafely(JSON.stringify(value ?? null), MAX_JSON_DEPTH);
}
