import { useCallback, useEffect, useState } from "react";
import type { ApiResult } from "../src/api/api-client.ts";
import type { ApiError } from "../src/api/api-error.ts";

export type QueryState<T> =
  | { readonly status: "loading"; readonly previous?: T }
  | { readonly status: "error"; readonly error: ApiError }
  | { readonly status: "ok"; readonly value: T };

type Load<T> = (signal: AbortSignal) => Promise<ApiResult<T>>;

/**
 * Runs `load` whenever `key` changes and ignores answers that arrive after a newer request, so a
 * fast typist never sees an older search overwrite a newer one. Keeps the previous value while
 * loading so tables do not flash empty between pages. `key` must name everything `load` reads.
 */
export function useApiQuery<T>(
  key: string,
  load: Load<T>,
): { state: QueryState<T>; reload: () => void } {
  const [state, setState] = useState<QueryState<T>>({ status: "loading" });
  const [request, setRequest] = useState(() => ({ key, attempt: 0, load }));

  if (request.key !== key) setRequest({ key, attempt: 0, load });

  useEffect(() => {
    const controller = new AbortController();
    setState((current) =>
      current.status === "ok"
        ? { status: "loading", previous: current.value }
        : { status: "loading" },
    );
    void request.load(controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setState(
        result.ok
          ? { status: "ok", value: result.value }
          : { status: "error", error: result.error },
      );
    });
    return () => controller.abort();
  }, [request]);

  const reload = useCallback(
    () => setRequest((current) => ({ ...current, attempt: current.attempt + 1 })),
    [],
  );
  return { state, reload };
}
