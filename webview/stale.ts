import { element } from './page';

/**
 * Results older than the document: kept on screen, dimmed, until the next update. Only
 * after STALE_AFTER_MS: a lecture-sized cell is evaluated and drawn again well within it,
 * and dimming it on every keystroke would only flicker.
 */
const STALE_AFTER_MS = 250;
let staleTimer: ReturnType<typeof setTimeout> | undefined;

export function setStale(stale: boolean): void {
  clearTimeout(staleTimer);
  const apply = (on: boolean): void => {
    document.body.classList.toggle('stale', on);
    element('stale-note').hidden = !on;
  };
  if (stale) staleTimer = setTimeout(() => apply(true), STALE_AFTER_MS);
  else apply(false);
}
