import type { ReactNode, RefObject } from "react";
import { useEffect, useId, useRef } from "react";

/** A native modal dialog (focus trap, Escape, backdrop) opened while `open` is true. */
export function Modal({
  open,
  title,
  onClose,
  children,
  dialogRef,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  dialogRef?: RefObject<HTMLDialogElement | null>;
}) {
  const own = useRef<HTMLDialogElement>(null);
  const ref = dialogRef ?? own;
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open, ref]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      <div className="stack">
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </dialog>
  );
}
