/** The candidate closest to `name` by edit distance, if it is close enough to be a likely typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  // Longer names tolerate more typos; short ones only one (`foo` is not a typo of
  // `log`), and a one-letter name only suggests names it starts (x → x1), or every
  // one-letter variable would suggest every other.
  let bestDistance = (name.length <= 4 ? 1 : name.length <= 7 ? 2 : 3) + 1;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    if (name.length === 1 && !candidate.startsWith(name)) continue;
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Edits between two names: insertions, deletions, substitutions, and swaps of two
 * neighbouring letters (`tahn` is one typo away from `tanh`), one row at a time.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}
