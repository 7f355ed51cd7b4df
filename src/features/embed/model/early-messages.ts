/**
 * Messages that reach a framed playground before the embed's code has loaded (it is a lazy
 * route): kept from the first script on, so that none is lost, and handed to the embed once it
 * listens. Only in a frame; at most a few, oldest dropped first.
 */
const MAX_EARLY = 20;
let early: MessageEvent[] | undefined;

function keep(event: MessageEvent): void {
  if (!early) return;
  early.push(event);
  if (early.length > MAX_EARLY) early.shift();
}

export function bufferEarlyMessages(win: Window = window): void {
  if (win.parent === win || early) return;
  early = [];
  win.addEventListener('message', keep);
}

/** The messages received so far, once; later ones go to the embed's own listener. */
export function takeEarlyMessages(win: Window = window): MessageEvent[] {
  win.removeEventListener('message', keep);
  const taken = early ?? [];
  early = undefined;
  return taken;
}
