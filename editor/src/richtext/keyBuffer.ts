/**
 * Holds the characters typed while no field has the focus (between a field vanishing and its
 * replacement taking the focus), so they can be typed into the replacement: no keystroke goes
 * nowhere. Only one buffer runs at a time; it stops by itself after a few seconds.
 */
let buffer: string[] | null = null;
let stop: (() => void) | null = null;

export function startKeyBuffer(timeoutMs = 5000): void {
  stop?.();
  const keys: string[] = [];
  buffer = keys;
  const onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    const inField = target?.closest?.("input, textarea, [contenteditable=true]");
    if (inField || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key.length === 1) keys.push(event.key);
    else if (event.key === "Backspace") keys.pop();
    else if (event.key === "Enter") keys.push("\n");
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  window.addEventListener("keydown", onKey, true);
  const timer = setTimeout(() => stop?.(), timeoutMs);
  stop = () => {
    window.removeEventListener("keydown", onKey, true);
    clearTimeout(timer);
    stop = null;
  };
}

/** Ends the buffer and returns what was typed into it. */
export function takeBufferedKeys(): string {
  stop?.();
  const text = buffer?.join("") ?? "";
  buffer = null;
  return text;
}
