/**
 * Calls `beat` every `intervalMs` while the tab is visible, and once at once when it becomes
 * visible again; never while hidden, so the server infers leaving from missing heartbeats.
 */
export function startPresence(intervalMs: number, beat: () => void): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const restart = () => {
    clearInterval(timer);
    timer = document.visibilityState === "visible" ? setInterval(beat, intervalMs) : undefined;
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") beat();
    restart();
  });
  restart();
}
