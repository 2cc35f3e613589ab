import { NodeRef, NodeFlag } from '../../engine';
import type { SourceRange } from '../source';
import { MAX_PRINTED_LINES, record, type BindingSite } from './activity';
import type { CallSite, Py } from './objects';
import type { Runtime } from './runtime';

// What the running module's code writes into the cell's activity (activity.ts defines
// the records): the names it binds, the Value attributes it sets, the lines print()
// writes. The state stays on the Runtime (its activity, the unfinished printed line);
// this module is only how running code adds to it.

/**
 * A module variable was bound: the cell touched it, and a Value bound by an
 * assignment takes the name as its label (if nothing named it before) and becomes
 * the cell's latest output candidate.
 */
export function moduleBinding(rt: Runtime, name: string, v: Py, assignment: boolean): void {
  const a = rt.activity;
  a.touched.add(name);
  if (!assignment || !(v instanceof NodeRef)) return;
  const tape = rt.tape;
  const id = v.id;
  if ((tape.flags(id) & (NodeFlag.LabelName | NodeFlag.LabelExplicit)) === 0) {
    tape.setLabel(id, name);
    tape.setFlag(id, NodeFlag.LabelName, true);
  }
  a.lastStatement = { serial: tape.serial(id), name };
}

/**
 * The module's code set an attribute of the object a variable names (`a.data += ...`,
 * `e.label = 'e'`): for a Value, the line shows it and the cell may draw it.
 */
export function moduleAttributeSet(rt: Runtime, name: string, obj: Py, site: BindingSite): void {
  if (!(obj instanceof NodeRef)) return;
  const a = rt.activity;
  site.count++;
  record(site, obj, rt.tape);
  a.touched.add(name);
  const serial = rt.tape.serial(obj.id);
  if (!a.attributeTargets.some((t) => t.serial === serial)) a.attributeTargets.push({ serial, name });
}

/**
 * What print() writes, split into lines at '\n' as a terminal shows them; each line
 * remembers the print call that finished it, for inline values.
 */
export function printText(rt: Runtime, text: string, site: CallSite | null): void {
  const range = site && !site.library ? site.range : rt.userCallSite();
  const lines = (rt.pendingText + text).split('\n');
  rt.pendingText = lines.pop()!;
  rt.pendingRange = rt.pendingText === '' ? null : rt.pendingRange ?? range;
  for (const line of lines) pushLine(rt, line, range);
}

/** Ends a cell: text printed without a final newline still shows. */
export function flushPrinted(rt: Runtime): void {
  if (rt.pendingText !== '') pushLine(rt, rt.pendingText, rt.pendingRange ?? rt.userCallSite());
  rt.pendingText = '';
  rt.pendingRange = null;
}

function pushLine(rt: Runtime, text: string, range: SourceRange): void {
  const a = rt.activity;
  if (a.printed.length >= MAX_PRINTED_LINES) a.printedDropped++;
  else a.printed.push({ text, range });
}
