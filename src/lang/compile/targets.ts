import type { Attribute, Expr } from '../ast';
import type { SourceRange } from '../source';
import { BindingSite } from '../runtime/activity';
import { setAttr } from '../runtime/attributes';
import { at } from '../runtime/errors';
import { unpack } from '../runtime/iteration';
import { Tuple, type Frame, type Py } from '../runtime/objects';
import { moduleAttributeSet } from '../runtime/recording';
import { setItem } from '../runtime/sequences';
import { recording, storeName, type Ctx, type StoreFn } from './context';
import { compileExpr } from './expressions';

// Assignment targets: a name, an attribute, an item, or a tuple or list of targets
// unpacked from the value (one of them starred to take the rest). `statement` is the
// range a binding's inline value is shown after.

export function compileTarget(ctx: Ctx, t: Expr, statement: SourceRange, assignment: boolean): StoreFn {
  const { rt, library } = ctx;
  switch (t.kind) {
    case 'name': return storeName(ctx, t.name, statement, assignment, t.range);
    case 'attribute': {
      const object = compileExpr(ctx, t.object);
      const name = t.name, range = t.range;
      const set = (f: Frame, v: Py): Py => {
        const o = object(f);
        try {
          setAttr(rt, o, name, v);
        } catch (err) {
          throw at(err, range, library);
        }
        return o;
      };
      const record = attributeRecorder(ctx, t, statement);
      return (f, v) => record(set(f, v));
    }
    case 'subscript': {
      const object = compileExpr(ctx, t.object), index = compileExpr(ctx, t.index);
      const range = t.range;
      return (f, v) => {
        const o = object(f), i = index(f);
        try {
          setItem(rt, o, i, v);
        } catch (err) {
          throw at(err, range, library);
        }
      };
    }
    case 'tuple':
    case 'list': return compileUnpack(ctx, t.elements, t.range, statement, assignment);
    // The parser rejects every other target (parse/targets.ts assignmentProblem).
    default: throw invalidTarget();
  }
}

/**
 * What setting `owner.attr` records: in the module's code, when owner is a variable,
 * the line's inline value and the cell's candidates for its output.
 */
export function attributeRecorder(ctx: Ctx, t: Attribute, statement: SourceRange): (owner: Py) => void {
  if (ctx.scope.kind !== 'module' || !recording(ctx) || t.object.kind !== 'name') return () => undefined;
  const name = t.object.name;
  const site = new BindingSite(name, statement, 'attribute', ctx.cell, false);
  const rt = ctx.rt;
  rt.addSite(site);
  return (owner) => moduleAttributeSet(rt, name, owner, site);
}

function compileUnpack(ctx: Ctx, elements: Expr[], range: SourceRange, statement: SourceRange, assignment: boolean): StoreFn {
  const stars = elements.map((e, i) => (e.kind === 'starred' ? i : -1)).filter((i) => i >= 0);
  if (stars.length > 1) throw invalidTarget();
  const star = stars.length === 1 ? stars[0] : -1;
  const stores = elements.map((e) => compileTarget(ctx, e.kind === 'starred' ? e.value : e, statement, assignment));
  const { rt, library } = ctx;
  const n = elements.length;
  return (f, v) => {
    let items: readonly Py[];
    if (star < 0 && v instanceof Tuple && v.items.length === n) items = v.items;
    else {
      try {
        items = unpack(rt, v, n, star);
      } catch (err) {
        throw at(err, range, library);
      }
    }
    for (let i = 0; i < n; i++) stores[i](f, items[i]);
  };
}

function invalidTarget(): Error {
  return new Error('invalid assignment target reached the compiler');
}
