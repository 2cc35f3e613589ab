import type { Import, ImportFrom } from '../ast';
import { at, PyError } from '../runtime/errors';
import { findModule, unavailableModuleMessage } from '../runtime/modules';
import { Signal, type StmtFn } from '../runtime/objects';
import { storeDefinition, type Ctx } from './context';

// `import m`, `import m as n`, `from m import a, b as c`. Modules GradLens has bind as
// in Python. One it doesn't have (numpy, matplotlib, graphviz) is one warning that says
// what to write instead; at the module level, the names it would bind count as broken,
// so the lines that use them are skipped without more diagnostics.

/** Modules whose import changes nothing GradLens does. */
const QUIET = new Set(['__future__', 'typing']);

function unavailable(ctx: Ctx, module: string, names: string[], range: Import['range']): StmtFn {
  const { rt, library } = ctx;
  const message = unavailableModuleMessage(module);
  if (ctx.scope.kind !== 'module') {
    return () => { throw at(new PyError('ModuleNotFoundError', `No module named '${module}' (${message})`), range, library); };
  }
  return () => {
    rt.warning(message, range);
    for (const n of names) rt.broken.add(n);
    return Signal.Normal;
  };
}

export function compileImport(ctx: Ctx, s: Import): StmtFn {
  const steps = s.names.map((n): StmtFn => {
    const bound = n.asName ?? n.name.split('.')[0];
    if (QUIET.has(n.name)) return () => Signal.Normal;
    const module = findModule(ctx.rt, n.name);
    if (module === null) return unavailable(ctx, n.name, [bound], n.range);
    // `import a.b` binds a; `import a.b as c` binds c to a.b.
    const value = n.asName ? module : findModule(ctx.rt, n.name.split('.')[0]) ?? module;
    const store = storeDefinition(ctx, bound);
    return (f) => {
      store(f, value);
      return Signal.Normal;
    };
  });
  return (f) => {
    for (const step of steps) step(f);
    return Signal.Normal;
  };
}

export function compileImportFrom(ctx: Ctx, s: ImportFrom): StmtFn {
  if (QUIET.has(s.module)) return () => Signal.Normal;
  const module = findModule(ctx.rt, s.module);
  const names = s.names;
  if (module === null) return unavailable(ctx, s.module, (names ?? []).map((n) => n.asName ?? n.name), s.range);
  const { library } = ctx;
  if (names === null) {
    const stores = [...module.cells.keys()].filter((k) => !k.startsWith('_')).map((k) => [k, storeDefinition(ctx, k)] as const);
    return (f) => {
      for (const [k, store] of stores) store(f, module.get(k) ?? null);
      return Signal.Normal;
    };
  }
  const steps = names.map((n) => {
    const store = storeDefinition(ctx, n.asName ?? n.name);
    return (f: Parameters<StmtFn>[0]) => {
      const v = module.get(n.name);
      if (v === undefined) {
        throw at(new PyError('ImportError', `cannot import name '${n.name}' from '${s.module}'`), n.range, library);
      }
      store(f, v);
    };
  });
  return (f) => {
    for (const step of steps) step(f);
    return Signal.Normal;
  };
}
