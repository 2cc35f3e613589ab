import type { BackwardReplay } from './types';

// Every row's grad at any step of a backward replay. Each change records its row's grad
// before and after, so the grads after step k are reached from either end: forwards from
// all zeros (micrograd's fresh grads) setting `after`s, or backwards from the final
// grads setting `before`s, whichever passes fewer changes. A cursor moves from where it
// is, so stepping through costs the step's own changes.

/** Changes made by steps 0..k: the first `changesThrough(k)` changes. */
export function changesThrough(replay: BackwardReplay, k: number): number {
  const t = replay.topo.length;
  if (k < t) return 0;
  if (k === t) return 1;
  const j = Math.min(k - t - 1, t - 1);
  return 1 + replay.termStart[j + 1];
}

/** Every row's grad after step k (k = -1: before the walk, all 0), as a fresh array. */
export function gradsAt(replay: BackwardReplay, k: number): Float64Array {
  const cursor = new GradCursor(replay);
  cursor.seek(k);
  return cursor.grads;
}

export class GradCursor {
  /** Every row's grad after step `step`. Owned by the cursor: copy it to keep it. */
  readonly grads: Float64Array;
  private applied = 0;
  private _step = -1;

  constructor(private readonly replay: BackwardReplay) {
    this.grads = new Float64Array(replay.columns.size);
  }

  get step(): number {
    return this._step;
  }

  /** Moves to just after step k (clamped to -1 .. stepCount - 1). */
  seek(k: number): void {
    const r = this.replay;
    const step = Math.max(-1, Math.min(r.stepCount - 1, Math.floor(k)));
    const target = step < 0 ? 0 : changesThrough(r, step);
    const total = r.changeRow.length;
    const changes = r.stepCount === 0 ? 0 : total;
    // From the far end when that is nearer: the final grads, undone back to the target.
    if (Math.abs(target - this.applied) > Math.min(target, changes - target)) {
      if (target <= changes - target) {
        this.grads.fill(0);
        this.applied = 0;
      } else {
        this.grads.set(r.grad);
        this.applied = changes;
      }
    }
    const { changeRow, changeBefore, changeAfter } = r;
    for (; this.applied < target; this.applied++) this.grads[changeRow[this.applied]] = changeAfter[this.applied];
    for (; this.applied > target; ) {
      this.applied--;
      this.grads[changeRow[this.applied]] = changeBefore[this.applied];
    }
    this._step = step;
  }
}
