// The Model File Report: every import and call a model file's pickles make, with byte offsets, as plain
// text for a read-only editor tab. Pure: the front end passes the parsed file and its findings.
import type { Finding } from './types';
import { allPickles, whereIn, type ModelInfo } from './parsers/model';
import { dangerOf, isAllowed } from './rules/model/globals';

const FORMAT_NAMES: Record<ModelInfo['format'], string> = {
  pickle: 'pickle',
  joblib: 'joblib (pickle with inline NumPy arrays)',
  'pytorch-zip': 'PyTorch checkpoint (zip)',
  'pytorch-legacy': 'PyTorch checkpoint (legacy: pickles in a row)',
  numpy: 'NumPy .npy',
  npz: 'NumPy .npz (zip of .npy)',
  safetensors: 'safetensors',
  keras: 'Keras v3 archive (zip)',
  zip: 'zip archive',
  compressed: 'compressed pickle',
  unknown: 'unknown',
};

export function renderModelReport(path: string, model: ModelInfo, findings: readonly Finding[]): string {
  const out: string[] = [];
  out.push(`TwinGuard model file report`, ``, `File:    ${path}`, `Size:    ${model.size} bytes`, `Format:  ${FORMAT_NAMES[model.format]}`);
  out.push(`Nothing in the file was run: pickles were read opcode by opcode.`, ``);

  out.push(`Findings (${findings.length})`);
  if (findings.length === 0) out.push(`  none`);
  for (const f of findings) out.push(`  ${f.severity.padEnd(7)} ${f.ruleId}: ${f.message}`);
  out.push(``);

  if (model.entries) {
    const pickled = model.entries.filter((e) => e.name.endsWith('.pkl') || e.name.endsWith('.npy') || e.name === 'config.json');
    out.push(`Archive: ${model.entries.length} entries; examined: ${pickled.map((e) => e.name).join(', ') || 'none'}`, ``);
  }

  const pickles = allPickles(model);
  pickles.forEach((p, i) => {
    // Offsets below are file offsets, or offsets inside the entry when it is deflated or decompressed.
    const unit = p.inner ? `offsets inside ${p.entry}` : 'file offsets';
    const title = `Pickle ${i + 1}${p.entry ? ` in ${p.entry}` : ''}: protocol ${p.protocol}, bytes ${p.start}-${p.end} (${unit})${p.problem ? ', incomplete' : ''}`;
    out.push(title);
    const at = (offset: number) => `byte ${offset}`;
    out.push(`  Imports (${p.imports.length})`);
    for (const imp of p.imports) {
      const danger = dangerOf(imp);
      const mark = danger ? `CODE EXECUTION: ${danger}` : isAllowed(imp) ? 'allowed' : 'not on the allowlist';
      out.push(`    ${at(imp.offset).padEnd(14)} ${imp.opcode.padEnd(12)} ${imp.module}.${imp.name}  [${mark}]`);
    }
    out.push(`  Calls (${p.calls.length})`);
    for (const c of p.calls) out.push(`    ${at(c.offset).padEnd(14)} ${c.opcode.padEnd(12)} ${c.callable}${c.opcode === 'BUILD' ? '' : c.args}`);
    if (p.problem) out.push(`  Stopped at ${whereIn(p, p.problem.offset)}: ${p.problem.reason}`);
    out.push(``);
  });
  if (pickles.length === 0 && model.format !== 'safetensors') out.push(`No pickle in the file.`, ``);

  if (model.safetensors) {
    const st = model.safetensors;
    out.push(`safetensors header: ${st.headerLength} bytes, ${st.tensors} tensors, ${st.issues.length} problem(s)`, ``);
  }
  if (model.keras) {
    out.push(`Keras Lambda layers (${model.keras.lambdas.length})`);
    for (const l of model.keras.lambdas) out.push(`    ${l.entry}: layer ${l.layer}`);
    out.push(``);
  }
  if (model.problems.length > 0) {
    out.push(`Not read (${model.problems.length})`);
    for (const p of model.problems) out.push(`    ${p.where}: ${p.reason}`);
    out.push(``);
  }
  return out.join('\n');
}
