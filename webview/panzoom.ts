// Zoom and pan of the graph: a CSS transform on the stage that holds the SVG, so a
// re-render swaps the SVG and the view stays where the user left it.

export interface View {
  zoom: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Who moved the view: the page (a first view, a restore), the user's Fit, or the user's own zoom or pan. */
export type ViewCause = 'page' | 'fit' | 'user';

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 8;
const STEP = 1.25;
/** Movement, in CSS pixels, that turns a press into a drag instead of a click. */
const DRAG_THRESHOLD = 4;
/** Room left between a fitted graph and the panel's edges, in CSS pixels. */
export const FIT_MARGIN = 16;

/** The whole content, centred in the viewport, never enlarged beyond its natural size. */
export function fitView(viewport: Size, content: Size): View {
  const availW = Math.max(1, viewport.width - 2 * FIT_MARGIN);
  const availH = Math.max(1, viewport.height - 2 * FIT_MARGIN);
  const zoom = clampZoom(Math.min(1, availW / content.width, availH / content.height));
  return { zoom, x: (viewport.width - content.width * zoom) / 2, y: (viewport.height - content.height * zoom) / 2 };
}

export class PanZoom {
  private current: View = { zoom: 1, x: 0, y: 0 };
  private press: { id: number; x: number; y: number; view: View; dragging: boolean } | null = null;
  private suppressClick = false;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly stage: HTMLElement,
    private readonly contentSize: () => Size | null,
    private readonly onChange: (view: View, cause: ViewCause) => void,
  ) {
    viewport.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    viewport.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    viewport.addEventListener('pointermove', (e) => this.onPointerMove(e));
    viewport.addEventListener('pointerup', (e) => this.onPointerUp(e));
    viewport.addEventListener('pointercancel', (e) => this.onPointerUp(e));
    // Capture phase, so a drag that ends over a node never reaches the node's click handler.
    viewport.addEventListener('click', (e) => {
      if (this.suppressClick) {
        this.suppressClick = false;
        e.stopPropagation();
        e.preventDefault();
      }
    }, true);
    viewport.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.apply();
  }

  get view(): View {
    return { ...this.current };
  }

  get viewportSize(): Size {
    const rect = this.viewport.getBoundingClientRect();
    return { width: rect.width, height: rect.height };
  }

  /** Puts the view where the page decides (a first view, a restored one); not the user's doing. */
  set(view: View): void {
    this.update(view, 'page');
  }

  /** Zooms by `factor` keeping the point (cx, cy) of the viewport still; the centre by default. */
  zoomBy(factor: number, cx?: number, cy?: number): void {
    const rect = this.viewport.getBoundingClientRect();
    const px = cx ?? rect.width / 2;
    const py = cy ?? rect.height / 2;
    const { zoom, x, y } = this.current;
    const next = clampZoom(zoom * factor);
    const k = next / zoom;
    this.update({ zoom: next, x: px - (px - x) * k, y: py - (py - y) * k }, 'user');
  }

  zoomIn(): void {
    this.zoomBy(STEP);
  }

  zoomOut(): void {
    this.zoomBy(1 / STEP);
  }

  /** Shows the whole graph, centred: Fit. */
  fit(): void {
    const content = this.contentSize();
    if (content === null || content.width <= 0 || content.height <= 0) return;
    this.update(fitView(this.viewportSize, content), 'fit');
  }

  /** Where a point of the page lies on the content, in the content's own pixels (zoom 1). */
  toContent(clientX: number, clientY: number): { x: number; y: number } {
    const stage = this.stage.getBoundingClientRect();
    return { x: (clientX - stage.left) / this.current.zoom, y: (clientY - stage.top) / this.current.zoom };
  }

  private update(view: View, cause: ViewCause): void {
    this.current = { zoom: clampZoom(view.zoom), x: view.x, y: view.y };
    this.apply();
    this.onChange(this.view, cause);
  }

  private apply(): void {
    const { zoom, x, y } = this.current;
    this.stage.style.transform = `translate(${x}px, ${y}px) scale(${zoom})`;
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    // Lines and pages (a mouse on some systems) to pixels, so every wheel moves alike.
    const unit = e.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 : e.deltaMode === WheelEvent.DOM_DELTA_PAGE ? 400 : 1;
    const dx = e.deltaX * unit;
    const dy = e.deltaY * unit;
    if (e.ctrlKey || e.metaKey) {
      // Ctrl+wheel, and a trackpad pinch (which Chromium reports as ctrl+wheel), zoom
      // about the pointer; a plain wheel or two-finger swipe pans, like scrolling a page.
      const rect = this.viewport.getBoundingClientRect();
      this.zoomBy(Math.exp(-dy * 0.002), e.clientX - rect.left, e.clientY - rect.top);
    } else {
      const { zoom, x, y } = this.current;
      const horizontal = e.shiftKey && dx === 0;
      this.update({ zoom, x: x - (horizontal ? dy : dx), y: y - (horizontal ? 0 : dy) }, 'user');
    }
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || this.press !== null) return;
    this.press = { id: e.pointerId, x: e.clientX, y: e.clientY, view: this.view, dragging: false };
  }

  private onPointerMove(e: PointerEvent): void {
    const press = this.press;
    if (press === null || press.id !== e.pointerId) return;
    const dx = e.clientX - press.x;
    const dy = e.clientY - press.y;
    if (!press.dragging) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      press.dragging = true;
      this.viewport.setPointerCapture(e.pointerId);
      this.viewport.classList.add('panning');
    }
    this.update({ zoom: press.view.zoom, x: press.view.x + dx, y: press.view.y + dy }, 'user');
  }

  private onPointerUp(e: PointerEvent): void {
    const press = this.press;
    if (press === null || press.id !== e.pointerId) return;
    this.press = null;
    if (press.dragging) {
      this.viewport.classList.remove('panning');
      if (this.viewport.hasPointerCapture(e.pointerId)) this.viewport.releasePointerCapture(e.pointerId);
      this.suppressClick = true;
      // A drag released outside the viewport produces no click to consume the flag.
      setTimeout(() => { this.suppressClick = false; }, 0);
    }
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.target !== this.viewport || e.altKey || e.ctrlKey || e.metaKey) return;
    const { zoom, x, y } = this.current;
    const step = 40;
    switch (e.key) {
      case '+':
      case '=':
        this.zoomIn();
        break;
      case '-':
        this.zoomOut();
        break;
      case '0':
        this.fit();
        break;
      case 'ArrowLeft':
        this.update({ zoom, x: x + step, y }, 'user');
        break;
      case 'ArrowRight':
        this.update({ zoom, x: x - step, y }, 'user');
        break;
      case 'ArrowUp':
        this.update({ zoom, x, y: y + step }, 'user');
        break;
      case 'ArrowDown':
        this.update({ zoom, x, y: y - step }, 'user');
        break;
      default:
        return;
    }
    e.preventDefault();
  }
}

function clampZoom(z: number): number {
  return Number.isFinite(z) ? Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z)) : 1;
}
