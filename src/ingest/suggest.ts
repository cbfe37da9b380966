/**
 * "Did you mean ...?" for codes: a case-insensitive match first, then the closest code by edit distance.
 */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The code the user most likely meant, or undefined when nothing is close. */
export function closestCode(found: string, codes: Iterable<string>): string | undefined {
  const lower = found.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const code of codes) {
    if (code.toLowerCase() === lower) return code;
    const distance = editDistance(lower, code.toLowerCase());
    if (distance < bestDistance) {
      best = code;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(found.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** A hint sentence for an unknown code: "did you mean NOx?", or the list of valid codes when short. */
export function codeHint(found: string, codes: readonly string[]): string | undefined {
  const near = closestCode(found, codes);
  if (near !== undefined) return `did you mean ${near}?`;
  if (codes.length > 0 && codes.length <= 12) return `valid codes: ${codes.join(', ')}`;
  return undefined;
}
