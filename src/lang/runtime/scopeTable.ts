import type { Tape } from '../../engine';
import { ScopeKind } from '../../graph/columns';
import type { SourceRange } from '../source';
import type { CallSite, Code } from './objects';

// Where the program was when it made each Value: one scope per call of a function,
// method or lambda the program (or micrograd's nn) defines, and per iteration of a
// loop. The tape records each node's scope as a number; this table
// says what the numbers mean. A scope's parent is the scope running when it began, so
// the table is the program's call and loop tree (`MLP.__call__` > `for layer in
// self.layers` > `Layer.__call__` > `Neuron.__call__`), which the panel's summaries group
// a graph by.
//
// It is on the hot path of every call and loop iteration (a training step of
// micrograd's demo enters about 40,000 scopes), so it is typed arrays and ints: no
// object per scope, no id held in a JS local (compaction renumbers them; code that
// must unwind keeps the running stack's depth, which compaction does not change).

/** What a scope's site is: a loop header or a function with the call that ran it. */
export interface ScopeSite {
  kind: ScopeKind;
  /** `MLP.__call__`, `loss.<locals>.<lambda>`, `for k in range(100)`. */
  name: string;
  /** The call expression or the loop's header; null for a call made by a built-in (map's). */
  range: SourceRange | null;
  /** Written in GradLens's library (micrograd's nn): the range is in its text, not the file. */
  library: boolean;
}

const INITIAL_CAPACITY = 1024;
const NONE = -1;

export class ScopeTable {
  /** Scopes in the table; 0 is the module's top level, the root. */
  size = 1;
  private capacity = INITIAL_CAPACITY;
  /** Each scope's parent (-1 for the root); a parent is always older, so has a smaller number. */
  parent = new Int32Array(INITIAL_CAPACITY);
  /** Each scope's site (index into sites); -1 for the root. */
  site = new Int32Array(INITIAL_CAPACITY);
  /** Which scope of its site this is among its parent's, from 0: iteration k of a loop. */
  index = new Int32Array(INITIAL_CAPACITY);
  readonly sites: ScopeSite[] = [];
  /** How many scopes are running (the root included). The innermost is the tape's currentScope. */
  depth = 1;

  // Numbering calls among their siblings (a loop numbers its own iterations). For each
  // call site, the last parent that made a call there and how many it made: the next
  // call under the same parent counts on. A parent that takes a site over from another
  // scope (its own child, in a recursion) saves that scope's count, given back when the
  // parent ends.
  private owner = new Int32Array(64).fill(NONE);
  private count = new Int32Array(64);
  private saved = new Int32Array(4 * 16);
  private savedTop = 0;

  /** Sites of calls by function, then by the call's range (null for a built-in's call). */
  private readonly callSites = new Map<Code, Map<SourceRange | null, number>>();
  private lastCode: Code | null = null;
  private lastRange: SourceRange | null = null;
  private lastCallSite = NONE;

  private mark = new Uint8Array(0);
  private newIds = new Int32Array(0);

  constructor(private readonly tape: Tape) {
    this.parent[0] = NONE;
    this.site[0] = NONE;
    tape.currentScope = 0;
  }

  /** The innermost running scope: the one new nodes are made in. */
  get current(): number {
    return this.tape.currentScope;
  }

  /** Registers a loop's site, once when it is compiled. */
  addSite(kind: ScopeKind, name: string, range: SourceRange | null, library: boolean): number {
    const id = this.sites.length;
    this.sites.push({ kind, name, range, library });
    if (id === this.owner.length) {
      const owner = new Int32Array(2 * id).fill(NONE);
      owner.set(this.owner);
      this.owner = owner;
      this.count = grown(this.count, 2 * id);
    }
    return id;
  }

  /** The site of a call of `code` made at `call`: one per function and call expression. */
  callSite(code: Code, call: CallSite | null): number {
    const range = call === null ? null : call.range;
    // Nearly every call site calls one function, and a method is called from few places.
    if (code === this.lastCode && range === this.lastRange) return this.lastCallSite;
    let byRange = this.callSites.get(code);
    if (byRange === undefined) this.callSites.set(code, byRange = new Map());
    let site = byRange.get(range);
    if (site === undefined) byRange.set(range, site = this.addSite(ScopeKind.Call, code.qualname, range, call !== null && call.library));
    this.lastCode = code;
    this.lastRange = range;
    this.lastCallSite = site;
    return site;
  }

  /**
   * Begins iteration `index` of a loop at `site`, inside the current
   * scope. The loop counts its own iterations: a loop statement runs once per scope
   * that runs it (running it again takes another call or iteration around it).
   */
  enter(site: number, index: number): void {
    let id = this.size;
    if (id === this.capacity) id = this.makeRoom();
    const tape = this.tape;
    this.parent[id] = tape.currentScope;
    this.site[id] = site;
    this.index[id] = index;
    this.size = id + 1;
    this.depth++;
    tape.currentScope = id;
  }

  /** Begins a call made at `site` (see callSite), numbered among its parent's calls there. */
  enterCall(site: number): void {
    const parent = this.tape.currentScope;
    if (this.owner[site] === parent) {
      this.enter(site, ++this.count[site]);
    } else {
      this.takeOver(site, parent);
      this.enter(site, 0);
    }
  }

  /**
   * Ends the current scope. One that made no Value and began no scope (most iterations
   * of a loop that only updates numbers) gives its number back at once: the last node
   * made would carry it, and no scope is newer.
   */
  leave(): void {
    const tape = this.tape;
    const id = tape.currentScope;
    tape.currentScope = this.parent[id];
    this.depth--;
    if (this.savedTop > 0 && this.saved[this.savedTop - 4] === id) this.giveBack(id);
    if (id === this.size - 1 && !tape.madeLastIn(id)) this.size = id;
  }

  /** Ends every scope begun since the running stack was `depth` deep (an exception passing through). */
  leaveTo(depth: number): void {
    while (this.depth > depth) this.leave();
  }

  private takeOver(site: number, parent: number): void {
    let top = this.savedTop;
    if (top === this.saved.length) this.saved = grown(this.saved, 2 * top);
    const saved = this.saved;
    saved[top++] = parent;
    saved[top++] = site;
    saved[top++] = this.owner[site];
    saved[top++] = this.count[site];
    this.savedTop = top;
    this.owner[site] = parent;
    this.count[site] = 0;
  }

  private giveBack(id: number): void {
    const saved = this.saved;
    let top = this.savedTop;
    while (top > 0 && saved[top - 4] === id) {
      const site = saved[top - 3];
      this.owner[site] = saved[top - 2];
      this.count[site] = saved[top - 1];
      top -= 4;
    }
    this.savedTop = top;
  }

  /**
   * The table is full: drop the scopes nothing uses any more, and grow only if that
   * freed less than half, so a loop that makes no Values (its scopes die as they end)
   * runs in a table of constant size. Compacting reads every node's scope, so a table
   * small beside the tape just grows: it is then bounded by the tape's own bound.
   * Returns the next free id.
   */
  private makeRoom(): number {
    if (this.capacity >= 2 * this.tape.size) this.compact();
    if (this.size > this.capacity >> 1) {
      const capacity = 2 * this.capacity;
      this.parent = grown(this.parent, capacity);
      this.site = grown(this.site, capacity);
      this.index = grown(this.index, capacity);
      this.capacity = capacity;
    }
    return this.size;
  }

  /**
   * After the tape was compacted: compacts the table too once it is large beside the
   * tape. Compacting costs about a read of each node's scope and a skip over each dead
   * scope, so doing it after every collection would cost a training step almost as
   * much as making its scopes; this way a scope is looked at about once, and the table
   * stays within a small multiple of what the tape's live nodes need.
   */
  compactIfLarge(): void {
    if (this.size >= MIN_COMPACT_SIZE && this.size >= 2 * this.tape.size) this.compact();
  }

  /**
   * Keeps the scopes the tape's nodes were made in, the running ones, and their
   * ancestors; renumbers them in order (a parent stays older than its children) and
   * the tape's nodes with them. Safe wherever a scope may begin: nothing else holds a
   * scope's number.
   */
  compact(): void {
    const size = this.size;
    if (this.mark.length < size) {
      this.mark = new Uint8Array(this.capacity);
      this.newIds = new Int32Array(this.capacity);
    }
    const mark = this.mark, newIds = this.newIds, parent = this.parent, site = this.site, index = this.index;
    mark.fill(0, 0, size);
    this.tape.markScopes(mark);
    mark[this.tape.currentScope] = 1;
    // Up from each scope in use until an ancestor already kept: each scope is read once.
    // A parent is older than its children, so the walk from the top down meets every
    // marked scope before its parent is needed.
    for (let i = size - 1; i > 0; i--) {
      if (mark[i] !== 1) continue;
      for (let p = parent[i]; p !== NONE && mark[p] !== 2; p = parent[p]) mark[p] = 2;
      mark[i] = 2;
    }
    let next = 0;
    for (let i = 0; i < size; i++) {
      if (mark[i] === 0) continue;
      newIds[i] = next;
      parent[next] = i === 0 ? NONE : newIds[parent[i]];
      site[next] = site[i];
      index[next] = index[i];
      next++;
    }
    this.size = next;
    // Only running scopes make calls, and they are kept: an owner that is gone makes no
    // more, and NONE makes the next parent start its count at 0.
    const renumber = (old: number): number => (old === NONE || mark[old] === 0 ? NONE : newIds[old]);
    for (let s = 0; s < this.sites.length; s++) this.owner[s] = renumber(this.owner[s]);
    for (let t = 0; t < this.savedTop; t += 4) {
      this.saved[t] = newIds[this.saved[t]];
      this.saved[t + 2] = renumber(this.saved[t + 2]);
    }
    this.tape.remapScopes(newIds);
  }
}

/** Below this size the table is not worth compacting after a collection. */
const MIN_COMPACT_SIZE = 1 << 16;

function grown(old: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(length);
  next.set(old);
  return next;
}
