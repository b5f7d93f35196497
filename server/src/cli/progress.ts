// A progress line on stderr for scans that take longer than a second, only on a terminal (never in CI logs,
// never mixed into stdout). Redrawn at most ten times a second and erased when the scan ends.
export interface Progress {
  update(done: number, total: number): void;
  end(): void;
}

export function createProgress(enabled: boolean, write: (s: string) => void, now: () => number = Date.now): Progress {
  const started = now();
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      if (!enabled) return;
      const t = now();
      if (t - started < 1000 || t - last < 100) return;
      last = t;
      shown = true;
      write(`\r\u001b[Kscanning… ${done}/${total} files`);
    },
    end() {
      if (shown) write('\r\u001b[K');
      shown = false;
    },
  };
}
