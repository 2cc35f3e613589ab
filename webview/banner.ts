// When the banner over the graph changes. An evaluation error waits a moment before it
// shows; everything else (a graph that cannot be drawn, a message the page cannot read)
// shows at once.

/**
 * How long an evaluation error waits before its banner shows. Typing a line passes
 * through states that are errors for a keystroke or two (`e`, `e =`, `e = a*`), each
 * evaluated 50 ms (gradlens.updateDelay) after the keystroke: shown at once, the banner
 * would come and go three to five times per line typed. 400 ms is longer than the gap
 * between keystrokes of steady typing (150–300 ms at 40–80 words a minute), and short
 * enough that an error the user stops at is up by the time they look at the panel.
 */
export const ERROR_BANNER_DELAY_MS = 400;

/** How long a good update waits before hiding the banner, for its evaluation's errors to arrive. */
export const HIDE_GRACE_MS = 50;

/** The banner on the page. */
export interface BannerElement {
  readonly visible: boolean;
  show(lines: readonly string[]): void;
  hide(): void;
}

export class Banner {
  /** A banner waiting to be shown, cancelled by any change that comes first. */
  private soon: ReturnType<typeof setTimeout> | undefined;
  /** The evaluation whose good update is hiding the banner; see hideFor(). */
  private hidingFor: string | undefined;
  private hiding: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly element: BannerElement) {}

  /** Shows `lines` now. */
  show(lines: readonly string[]): void {
    this.cancel();
    this.element.show(lines);
  }

  /**
   * Shows `lines` after ERROR_BANNER_DELAY_MS unless a change comes first; a later call
   * waits again, with its own lines, so only the error the user stops at shows. A banner
   * already up takes the new lines at once: it is not appearing, and its text is out of date.
   */
  showSoon(lines: readonly string[]): void {
    if (this.element.visible) {
      this.show(lines);
      return;
    }
    this.cancel();
    this.soon = setTimeout(() => this.show(lines), ERROR_BANNER_DELAY_MS);
  }

  /** Hides the banner, and one waiting to be shown. */
  hide(): void {
    this.cancel();
    this.element.hide();
  }

  /**
   * Hides the banner for a good update of evaluation `cause`, HIDE_GRACE_MS later: the
   * host sends a good cell's update and then, in the next message, the errors of
   * another cell of the same evaluation. Those errors are still there, so the banner
   * must not blink off and wait to come back. (The next animation frame is too soon:
   * a frame can be drawn between two messages.)
   */
  hideFor(cause: string): void {
    this.cancel();
    if (!this.element.visible) return;
    this.hidingFor = cause;
    this.hiding = setTimeout(() => {
      this.hidingFor = undefined;
      this.element.hide();
    }, HIDE_GRACE_MS);
  }

  /** An evaluation's errors: they replace a banner its own update was about to hide, else showSoon. */
  showFor(lines: readonly string[], cause: string): void {
    if (this.hidingFor === cause) this.show(lines);
    else this.showSoon(lines);
  }

  private cancel(): void {
    clearTimeout(this.soon);
    clearTimeout(this.hiding);
    this.soon = undefined;
    this.hiding = undefined;
    this.hidingFor = undefined;
  }
}
