import * as vscode from 'vscode';
import { DEFAULT_MAX_NODES, DEFAULT_TIME_BUDGET_MS, MAX_PRECISION } from '../lang';

/** The `gradlens.*` settings, read and checked in one place. */
export interface GradLensConfig {
  /** Digits after the decimal point wherever numbers are shown. */
  precision: number;
  inlineValuesEnabled: boolean;
  layoutDirection: 'LR' | 'TB';
  /** Milliseconds between the last keystroke and evaluation. */
  updateDelay: number;
  maxNodes: number;
  timeBudgetMs: number;
  /** Most nodes the graph panel lays out before it summarises (`graph.summaryThreshold`). */
  summaryThreshold: number;
  /** Label the panel's operand edges with their local derivatives (`graph.edgeDerivatives`). */
  edgeDerivatives: boolean;
}

export const SECTION = 'gradlens';

/**
 * 50 ms leaves room within the 150 ms target from keystroke to redrawn graph: a
 * 100-value cell evaluates in about 1 ms and the panel renders in well under 100 ms,
 * while typing at normal speed still coalesces into one evaluation per pause.
 */
export const DEFAULT_UPDATE_DELAY_MS = 50;

export const DEFAULTS: GradLensConfig = {
  precision: 4,
  inlineValuesEnabled: true,
  layoutDirection: 'LR',
  updateDelay: DEFAULT_UPDATE_DELAY_MS,
  maxNodes: DEFAULT_MAX_NODES,
  timeBudgetMs: DEFAULT_TIME_BUDGET_MS,
  summaryThreshold: 300,
  edgeDerivatives: false,
};

export function readConfig(scope?: vscode.ConfigurationScope): GradLensConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    precision: integer(c.get('precision'), 0, MAX_PRECISION, DEFAULTS.precision),
    inlineValuesEnabled: c.get('inlineValues.enabled') !== false,
    layoutDirection: c.get('graph.layoutDirection') === 'TB' ? 'TB' : 'LR',
    updateDelay: integer(c.get('updateDelay'), 0, 10_000, DEFAULTS.updateDelay),
    maxNodes: integer(c.get('maxNodes'), 1, Number.MAX_SAFE_INTEGER, DEFAULTS.maxNodes),
    timeBudgetMs: integer(c.get('timeBudgetMs'), 1, Number.MAX_SAFE_INTEGER, DEFAULTS.timeBudgetMs),
    // Graphviz needs seconds past a few thousand nodes; the summary's floor is 4.
    summaryThreshold: integer(c.get('graph.summaryThreshold'), 4, 5000, DEFAULTS.summaryThreshold),
    edgeDerivatives: c.get('graph.edgeDerivatives') === true,
  };
}

/** settings.json is hand-edited: a wrong type or an out-of-range number falls back or is clamped. */
function integer(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** Whether a configuration change touches one of our settings (`key` without the prefix). */
export function affects(event: vscode.ConfigurationChangeEvent, ...keys: string[]): boolean {
  return keys.some((k) => event.affectsConfiguration(`${SECTION}.${k}`));
}
