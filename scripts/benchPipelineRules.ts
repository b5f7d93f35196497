// `npm run bench` section "pipeline rules (issue 5 B)": scan() time per file kind for the auditd, PowerShell,
// model and Jupyter rules on generated files of 100 and 1000 lines, with the grammar loaded and the parse
// included (first scan of each text: no cached tree). Medians of 5 runs; printed, never asserted.
import { performance } from 'node:perf_hooks';
import { loadGrammars, scan } from '../server/src/engine/index';
import { useDiskGrammars } from '../server/src/files/grammars';

const LINES: Record<string, { path: string; lines: string[] }> = {
  auditd: { path: 'audit/rules.d/bench.rules', lines: ['-w /var/www/models/m{i}.pkl -p rwa -k model_access', '-w /data/in{i} -p wa', '# comment {i}', '-a always,exit -F arch=b64 -S openat -F dir=/srv/{i} -k open'] },
  powershell: { path: 'bench.ps1', lines: ['Set-MpPreference -drtm 1', 'New-NetFirewallRule -DisplayName "r{i}" -LocalPort 8888 -Protocol TCP -Action Allow', '$x{i} = Get-Item "C:\\data\\{i}"', 'Write-Host "step {i}"'] },
  python: { path: 'bench.py', lines: ['m{i} = pickle.load(open("m{i}.pkl", "rb"))', 'c{i} = torch.load("c{i}.pt")', 'x{i} = compute(a, b, {i})', 'm = AutoModel.from_pretrained("org/m{i}", trust_remote_code=True)'] },
  shell: { path: 'bench.sh', lines: ['sudo auditctl -w /srv/m{i}.pt -p rwa', "jupyter lab --ip=0.0.0.0 --NotebookApp.token=''", 'echo "step {i}"', 'export TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1'] },
};

function text(kind: string, n: number): string {
  const { lines } = LINES[kind];
  return Array.from({ length: n }, (_, i) => lines[i % lines.length].replace(/\{i\}/g, String(i))).join('\n') + '\n';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function pipelineRulesBench(): Promise<void> {
  useDiskGrammars();
  await loadGrammars();
  for (const kind of Object.keys(LINES)) {
    const parts: string[] = [];
    for (const n of [100, 1000]) {
      const times: number[] = [];
      let findings = 0;
      for (let run = 0; run < 5; run++) {
        // A different text each run, so no cached tree is reused: the parse is part of the figure.
        const t = text(kind, n) + `# run ${run}\n`;
        const t0 = performance.now();
        findings = scan({ path: LINES[kind].path, text: t }).findings.length;
        times.push(performance.now() - t0);
      }
      parts.push(`${n} lines ${median(times).toFixed(1)} ms (${findings} findings)`);
    }
    console.log(`pipeline rules: ${kind}: ${parts.join(', ')}`);
  }
}
