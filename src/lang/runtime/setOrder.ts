// The order CPython iterates a set in. A set is a hash table, so `{3, 1, 2}` prints as
// `{1, 2, 3}` and a learner's printed set looks as it does in Python. For ints (and
// bools and whole floats, which hash alike) the order is fixed by their hashes, so it
// is reproduced here by inserting them into a table laid out as CPython 3.11's
// setobject.c does: 8 slots to start, linear probes of 9, perturbed probing, and a
// resize to 4x the used slots when 3/5 are full. Strings hash randomly per CPython
// process, so any order is as good as CPython's: they keep insertion order.

const LINEAR_PROBES = 9;
const PERTURB_SHIFT = 5n;
const HASH_MODULUS = (1n << 61n) - 1n;

/** CPython's hash of an int, as the unsigned word the table indexes with. */
function intHash(n: bigint): bigint {
  let h = n < 0n ? -((-n) % HASH_MODULUS) : n % HASH_MODULUS;
  if (h === -1n) h = -2n;
  return BigInt.asUintN(64, h);
}

/** Puts the key at `index` into the first free slot CPython would probe for its hash. */
function insert(table: (number | null)[], mask: number, hash: bigint, index: number): void {
  let perturb = hash;
  let i = Number(hash & BigInt(mask));
  for (;;) {
    const probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    for (let j = 0; j <= probes; j++) {
      if (table[i + j] === null) {
        table[i + j] = index;
        return;
      }
    }
    perturb >>= PERTURB_SHIFT;
    i = Number((BigInt(i) * 5n + 1n + perturb) & BigInt(mask));
  }
}

/**
 * The positions of `keys` (distinct ints, in insertion order) in CPython's iteration
 * order. Removed keys are taken as never inserted, which can differ from CPython's
 * order after a deletion.
 */
export function cpythonSetOrder(keys: readonly bigint[]): number[] {
  const hashes = keys.map(intHash);
  let size = 8;
  let table: (number | null)[] = new Array<number | null>(size).fill(null);
  let used = 0;
  for (let k = 0; k < keys.length; k++) {
    insert(table, size - 1, hashes[k], k);
    used++;
    if (used * 5 >= (size - 1) * 3) {
      const minused = used > 50000 ? used * 2 : used * 4;
      let newSize = 8;
      while (newSize <= minused) newSize <<= 1;
      const old = table;
      table = new Array<number | null>(newSize).fill(null);
      size = newSize;
      for (const index of old) if (index !== null) insert(table, size - 1, hashes[index], index);
    }
  }
  return table.filter((index): index is number => index !== null);
}
