import type { DrawingFacts } from './layoutMessages';
import { element } from './page';

// The line over a drawing that is not the whole graph, so a summary or a neighbourhood
// is never mistaken for all of it.

/** "Summary of 65,236 values: click a group to open it", or nothing for a whole graph. */
export function setNote(facts: DrawingFacts | null, neighbourhoodK: number): void {
  const note = element('summary-note');
  if (facts === null || (facts.whole && facts.view === 'summary')) {
    note.hidden = true;
    note.textContent = '';
    return;
  }
  const total = facts.total.toLocaleString('en-US');
  let text =
    facts.view === 'neighbourhood'
      ? `Neighbourhood: ${(facts.total - facts.hidden).toLocaleString('en-US')} of ${total} values, ${neighbourhoodK} steps around the selected value`
      : `Summary of ${total} values: click a group to open it`;
  if (facts.refused.length > 0) text += ` (${facts.refused.length} opened ${facts.refused.length === 1 ? 'group does' : 'groups do'} not fit in ${facts.budget} nodes)`;
  note.textContent = text;
  note.hidden = false;
}
