// The toolbar's glyphs, drawn in the manner of VS Code's codicons: 16 px, one stroke
// weight, currentColor, so they take the theme's foreground like the workbench's own
// toolbar icons. Inline SVG built through the DOM: no icon font to ship, nothing the
// content security policy has to allow.

const SVG = 'http://www.w3.org/2000/svg';

export type IconName =
  | 'fit' | 'zoom-in' | 'zoom-out' | 'layout-lr' | 'layout-tb' | 'export' | 'copy' | 'expand' | 'collapse'
  | 'step-back' | 'prev' | 'next' | 'play' | 'pause' | 'restart' | 'close' | 'edge-label';

const LAYOUT = 'M1.5 5.5h4v5h-4z M10.5 5.5h4v5h-4z M5.5 8h4.5 M8 6l2 2-2 2';

/** Path data on a 16×16 grid; strokes sit on half pixels so 1 px lines stay crisp. */
const PATHS: Record<IconName, string> = {
  // Four corners of a frame: the whole graph in view.
  fit: 'M1.5 5.5v-4h4 M10.5 1.5h4v4 M14.5 10.5v4h-4 M5.5 14.5h-4v-4 M5.5 6.5h5v3h-5z',
  'zoom-in': 'M6.5 2a4.5 4.5 0 1 1 0 9a4.5 4.5 0 1 1 0-9z M10 10l4.5 4.5 M4.5 6.5h4 M6.5 4.5v4',
  'zoom-out': 'M6.5 2a4.5 4.5 0 1 1 0 9a4.5 4.5 0 1 1 0-9z M10 10l4.5 4.5 M4.5 6.5h4',
  // Two records joined by an edge, in the direction the graph is laid out.
  'layout-lr': LAYOUT,
  'layout-tb': LAYOUT,
  // An arrow down into a tray: save to a file.
  export: 'M8 1.5v8.5 M4.5 6.5l3.5 3.5 3.5-3.5 M2 11v3.5h12v-3.5',
  copy: 'M5.5 5.5h8v9h-8z M3.5 10.5h-1v-9h8v1',
  // A box with a plus or a minus: open or close every group, as tree views' buttons.
  expand: 'M2.5 2.5h11v11h-11z M5 8h6 M8 5v6',
  collapse: 'M2.5 2.5h11v11h-11z M5 8h6',
  // An arrow back over a dot: step backwards through the graph, as the debugger's step icons.
  'step-back': 'M13 6.5h-9 M7 3.5l-3 3 3 3 M8 12.5a1.5 1.5 0 1 1 0.01 0z',
  prev: 'M10.5 3.5l-4.5 4.5 4.5 4.5 M4.5 3.5v9',
  next: 'M5.5 3.5l4.5 4.5-4.5 4.5 M11.5 3.5v9',
  play: 'M4.5 2.5l9 5.5-9 5.5z',
  pause: 'M5 3v10 M11 3v10',
  restart: 'M3 8a5 5 0 1 0 1.5-3.5 M2.5 2v3h3',
  close: 'M4 4l8 8 M12 4l-8 8',
  // An edge with a small label on it: the local derivatives on the edges.
  'edge-label': 'M1.5 14.5l3-3.5 M11.5 5l3-3.5 M4.5 5.5h7v5.5h-7z',
};

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.2');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  if (name === 'layout-tb') path.setAttribute('transform', 'rotate(90 8 8)');
  svg.append(path);
  return svg;
}
