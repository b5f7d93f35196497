// Small helpers for the secrets/* rule tables: where a value sits in a case's code, as the RuleTester expects it.

/** 1-based line/column of the `nth` occurrence of `needle` in `code`, and of its end. */
export function at(code: string, needle: string, nth = 0): { line: number; column: number; endLine: number; endColumn: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = code.indexOf(needle, i + 1);
    if (i === -1) throw new Error(`occurrence ${nth} of the needle is not in the code`);
  }
  const pos = (o: number) => {
    const before = code.slice(0, o).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const s = pos(i);
  const e = pos(i + needle.length);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** Lines joined with \n and a final newline. */
export function lines(...ls: string[]): string {
  return ls.join('\n') + '\n';
}
