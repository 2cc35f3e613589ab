import type { Rankdir } from '../src/shared/protocol';
import { FIT_MARGIN, fitView, type Size, type View } from './panzoom';

// Where a graph is shown when it first appears (a new file, cell or direction) and,
// until the user zooms or pans, after each update of it and each resize of the panel.

/**
 * The smallest zoom at which the whole graph is still worth showing at once. Graphviz's
 * 11 pt labels are then about 4 px high: unreadable, but every record and edge is
 * visible, so the learner sees the shape of the computation. The lecture's 7-value graph
 * fits a 550–800 px panel at 0.4–0.6. Below 0.3 (micrograd's README example is 58 nodes
 * and 4,000 pt wide) an overview is a grey smear, and showing a readable part is better.
 */
export const SMALLEST_OVERVIEW_ZOOM = 0.3;

/**
 * The same for a summary: its group boxes are read for their lines (a call's outputs,
 * its largest gradient), not seen for their shape, so below this they open at the output.
 */
export const SMALLEST_SUMMARY_ZOOM = 0.55;

/**
 * The zoom a graph too large for an overview opens at: labels about 11 px high, as
 * readable as the editor's own text, with room for a few records around the output.
 */
export const READING_ZOOM = 0.75;

/** A rectangle of the graph in its own pixels (zoom 1). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The whole graph when it fits at SMALLEST_OVERVIEW_ZOOM or more. Otherwise the output
 * at READING_ZOOM, at the edge the graph flows towards (the right for LR, the bottom for
 * TB) and centred across it: the learner reads the result first and pans back towards
 * the inputs, as the lecture reads backpropagation. Fit still shows everything.
 */
export function firstView(viewport: Size, content: Size, output: Box | null, rankdir: Rankdir, summary = false): View {
  const whole = fitView(viewport, content);
  if (whole.zoom >= (summary ? SMALLEST_SUMMARY_ZOOM : SMALLEST_OVERVIEW_ZOOM) || output === null) return whole;
  const zoom = READING_ZOOM;
  if (rankdir === 'LR') {
    return { zoom, x: alongEnd(viewport.width, output.left, output.right, zoom), y: centred(viewport.height, output.top, output.bottom, zoom) };
  }
  return { zoom, x: centred(viewport.width, output.left, output.right, zoom), y: alongEnd(viewport.height, output.top, output.bottom, zoom) };
}

/** Offset that puts [start, end] against the far edge; one wider than the panel starts at the near edge, where its label is. */
function alongEnd(length: number, start: number, end: number, zoom: number): number {
  if ((end - start) * zoom > length - 2 * FIT_MARGIN) return FIT_MARGIN - start * zoom;
  return length - FIT_MARGIN - end * zoom;
}

function centred(length: number, start: number, end: number, zoom: number): number {
  return length / 2 - ((start + end) / 2) * zoom;
}
