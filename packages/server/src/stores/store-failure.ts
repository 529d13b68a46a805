import type { StoreError } from "../ports/store.ts";

/** A broken dependency under a store adapter; `retriable` says whether the same call may succeed later. */
export class StoreFailure extends Error implements StoreError {
  readonly code: string;
  readonly retriable: boolean;

  constructor(message: string, options: { code: string; retriable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = "StoreFailure";
    this.code = options.code;
    this.retriable = options.retriable;
  }
}
