import { type RefObject, useEffect, useState } from "react";

/** The element's content width, following resizes (charts draw at real pixels, so text stays readable). */
export function useWidth(ref: RefObject<HTMLElement | null>, fallback = 560): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => setWidth(Math.max(240, Math.floor(element.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
