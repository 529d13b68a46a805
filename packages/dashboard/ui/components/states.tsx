import type { ReactNode } from "react";
import type { ApiError } from "../../src/api/api-error.ts";
import { useI18n } from "../i18n-context.tsx";

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t("state.loading")}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="state state--error" role="alert">
      <h2 className="state__title">{t("state.errorTitle")}</h2>
      <p>{t(`error.${error.kind}`)}</p>
      {error.detail !== undefined && <p className="muted">{error.detail}</p>}
      {error.problemId !== undefined && (
        <p className="muted small">{t("state.problemId", { id: error.problemId })}</p>
      )}
      {onRetry !== undefined && (
        <button type="button" className="button" onClick={onRetry}>
          {t("state.retry")}
        </button>
      )}
    </div>
  );
}

/** A failed action's error beside its form: the server's detail when it gave one, else the kind of failure. */
export function ErrorAlert({ error }: { error: ApiError }) {
  const { t } = useI18n();
  return (
    <p className="alert alert--error" role="alert">
      {error.detail ?? t(`error.${error.kind}`)}
    </p>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="state state--empty">
      <h2 className="state__title">{title}</h2>
      <p className="muted">{children}</p>
      {action}
    </div>
  );
}

/** Renders `code` spans for text wrapped in backticks, so commands in messages stand out. */
export function RichText({ text }: { text: string }) {
  let offset = 0;
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part) => {
        const key = offset;
        offset += part.length;
        return part.startsWith("`") && part.endsWith("`") ? (
          <code key={key}>{part.slice(1, -1)}</code>
        ) : (
          <span key={key}>{part}</span>
        );
      })}
    </>
  );
}
