import { useI18n } from "../../i18n-context.tsx";
import type { StreamStatus } from "../../use-queue-stream.ts";

/** Whether the live stream is connected, as a dot and a word (a status region for screen readers). */
export function LiveStatus({ status }: { status: StreamStatus }) {
  const { t } = useI18n();
  const label =
    status === "live" ? "queue.live" : status === "offline" ? "queue.offline" : "queue.connecting";
  return (
    <span className={`live live--${status}`} role="status">
      {t(label)}
    </span>
  );
}
