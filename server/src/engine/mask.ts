// The one place a secret becomes text: at most its first 2 and last 2 characters survive.

/**
 * Masks a secret for display. Short secrets keep less, so that no more than a third of the value
 * is ever shown: 12 characters or more keep `ab…yz`, 6 to 11 keep `a…z`, 5 or fewer keep nothing.
 * The run of `*` is 3 to 8 long whatever the length, so it does not give the length away either.
 */
export function mask(secret: string): string {
  const chars = Array.from(secret); // code points: never split a surrogate pair
  const n = chars.length;
  if (n === 0) return '""';
  const keep = n >= 12 ? 2 : n >= 6 ? 1 : 0;
  const head = chars.slice(0, keep).join('');
  const tail = keep > 0 ? chars.slice(n - keep).join('') : '';
  return `${head}${'*'.repeat(Math.min(Math.max(n - 2 * keep, 3), 8))}${tail}`;
}
