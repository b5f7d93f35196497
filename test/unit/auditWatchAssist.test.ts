// "Add auditd watch for this model file": offered on Python model saves whose path the code states, and
// nowhere else (comments, strings, paths computed at run time).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeAssists, loadGrammars } from '../../server/src/engine/index';
import { useDiskGrammars } from '../../server/src/files/grammars';
import { ADD_AUDIT_WATCH_COMMAND, AUDIT_WATCH_TITLE, MODEL_ACCESS_KEY } from '../../server/src/engine/assists/auditWatch';

before(async () => {
  useDiskGrammars();
  await loadGrammars(['python']);
});

/** The paths offered anywhere in `code` (the whole text as the range). */
function offered(code: string, path = 'train.py'): string[] {
  return codeAssists({ path, text: code }, { start: 0, end: code.length }).map((a) => {
    assert.equal(a.fix.title, AUDIT_WATCH_TITLE);
    assert.ok('command' in a.fix && a.fix.command.id === ADD_AUDIT_WATCH_COMMAND);
    const [arg] = (a.fix as { command: { args: { path: string; key: string }[] } }).command.args;
    assert.equal(arg.key, MODEL_ACCESS_KEY);
    return arg.path;
  });
}

describe('auditd watch assist on Python model saves', () => {
  test('torch.save, joblib.dump, save_pretrained and safetensors save_file with literal paths', () => {
    const code = [
      'import torch, joblib',
      'from safetensors.torch import save_file',
      'torch.save(model.state_dict(), "/var/www/models/twin.pt")',
      "joblib.dump(clf, '/srv/models/clf.joblib')",
      'model.save_pretrained("/srv/models/twin-hf")',
      'save_file(tensors, "/srv/models/twin.safetensors")',
    ].join('\n');
    assert.deepEqual(offered(code), ['/var/www/models/twin.pt', '/srv/models/clf.joblib', '/srv/models/twin-hf', '/srv/models/twin.safetensors']);
  });

  test('the demo: pickle.dump into open(MODEL_PATH, "wb") with a module constant', () => {
    const code = ['import pickle', 'MODEL_PATH = "/var/www/models/digital_twin.pkl"', 'with open(MODEL_PATH, "wb") as f:', '    pickle.dump(model, f)', ''].join('\n');
    assert.deepEqual(offered(code), ['/var/www/models/digital_twin.pkl']);
  });

  test('import aliases, keyword arguments, pathlib and os.path.join', () => {
    const code = [
      'import torch as T',
      'from joblib import dump',
      'import os',
      'from pathlib import Path',
      'T.save(obj=m, f="/srv/m.pt")',
      'dump(clf, filename=Path("/srv/models") / "clf.joblib")',
      'torch.save(m, os.path.join("/srv", "models", "x.pt"))',
    ].join('\n');
    assert.deepEqual(offered(code), ['/srv/m.pt', '/srv/models/clf.joblib', '/srv/models/x.pt']);
  });

  test('only where the cursor is: the range must touch the save call', () => {
    const code = 'x = 1\ntorch.save(m, "/srv/m.pt")\n';
    const at = code.indexOf('torch');
    assert.equal(codeAssists({ path: 't.py', text: code }, { start: 0, end: 1 }).length, 0);
    assert.equal(codeAssists({ path: 't.py', text: code }, { start: at + 3, end: at + 3 }).length, 1);
  });

  test('nothing for comments, strings, run-time paths, loads, or files other than Python', () => {
    const code = [
      '# torch.save(m, "/srv/m.pt")',
      's = "torch.save(m, \'/srv/m.pt\')"',
      'torch.save(m, f"/srv/{name}.pt")',
      'torch.save(m, path)',
      'MODEL = "/a.pt"',
      'MODEL = "/b.pt"',
      'torch.save(m, MODEL)',
      'torch.load("/srv/m.pt")',
      'pickle.dump(m, sys.stdout.buffer)',
    ].join('\n');
    assert.deepEqual(offered(code), []);
    assert.deepEqual(codeAssists({ path: 'run.sh', text: 'torch.save(m, "/srv/m.pt")\n' }, { start: 0, end: 10 }), []);
  });

  test('an excluded file offers nothing', () => {
    const code = 'torch.save(m, "/srv/m.pt")\n';
    assert.deepEqual(codeAssists({ path: 'vendor/t.py', text: code }, { start: 0, end: code.length }, { exclude: ['vendor/**'] }), []);
  });
});
