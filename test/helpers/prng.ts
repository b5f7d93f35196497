// A small seeded PRNG (mulberry32) for property-style tests: the same seed gives the same cases on every run.
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random string of up to `maxLength` pieces drawn from `alphabet` (pieces may be several characters). */
export function randomText(next: () => number, alphabet: readonly string[], maxLength: number): string {
  const n = Math.floor(next() * (maxLength + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}
