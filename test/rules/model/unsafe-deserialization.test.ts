// model/unsafe-deserialization: calls that unpickle (or build objects) from their input, whatever file they
// read, and TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1 in scripts, CI, Dockerfiles and .env files.
import rule from '../../../server/src/engine/rules/model/unsafe-deserialization';
import { ruleTester } from '../../helpers/ruleTester';

const py = (...lines: string[]) => lines.join('\n') + '\n';

ruleTester(rule, {
  valid: [
    { name: 'torch.load with weights_only=True', code: py('import torch', 'sd = torch.load("w.pt", weights_only=True)') },
    { name: 'safetensors', code: py('from safetensors.torch import load_file', 'sd = load_file("w.safetensors")') },
    { name: 'yaml.safe_load and a SafeLoader', code: py('import yaml', 'a = yaml.safe_load(f)', 'b = yaml.load(f, Loader=yaml.SafeLoader)', 'c = yaml.load(f, yaml.CSafeLoader)') },
    { name: 'numpy.load without allow_pickle', code: py('import numpy as np', 'a = np.load("a.npy")', 'b = np.load("b.npy", allow_pickle=False)') },
    { name: 'keras load_model in safe mode', code: py('import keras', 'm = keras.models.load_model("m.keras")') },
    { name: 'json.load, a method named load on some object', code: py('import json', 'cfg = json.load(f)', 'x = loader.load(path)') },
    { name: 'comments and strings mention pickle.load', code: py('# pickle.load(open("m.pkl", "rb"))', 's = "pickle.load(f)"') },
    { name: 'pickle.dump writes, it does not load', code: py('import pickle', 'pickle.dump(model, f)') },
    { name: 'the variable set to 0 in a script', path: 'run.sh', code: py('export TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=0') },
    { name: 'the variable in a shell comment and string', path: 'run.sh', code: py('# export TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1', 'echo "TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1"') },
    { name: 'the variable commented out in a Dockerfile', path: 'Dockerfile', code: py('FROM python:3.12', '# ENV TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1') },
  ],
  invalid: [
    {
      name: 'pickle.load on an opened file',
      code: py('import pickle', 'model = pickle.load(open("/var/www/models/digital_twin.pkl", "rb"))'),
      errors: [{ messageId: 'pickle', line: 2, column: 9, data: { call: 'pickle.load' } }],
    },
    {
      name: 'joblib, dill and cloudpickle, through import aliases',
      code: py('import joblib as jl', 'import dill', 'from cloudpickle import loads', 'a = jl.load("clf.joblib")', 'b = dill.loads(blob)', 'c = loads(blob)'),
      errors: [
        { messageId: 'pickle', line: 4, column: 5, data: { call: 'jl.load' } },
        { messageId: 'pickle', line: 5, column: 5, data: { call: 'dill.loads' } },
        { messageId: 'pickle', line: 6, column: 5, data: { call: 'loads' } },
      ],
    },
    {
      name: 'pandas.read_pickle',
      code: py('import pandas as pd', 'df = pd.read_pickle("features.pkl")'),
      errors: [{ messageId: 'readPickle', line: 2, column: 6 }],
    },
    {
      name: 'numpy.load with allow_pickle=True',
      code: py('import numpy as np', 'a = np.load("a.npz", allow_pickle=True)'),
      errors: [{ messageId: 'numpyPickle', line: 2, column: 22, endColumn: 39, fixes: [{ title: 'Set allow_pickle=False', output: py('import numpy as np', 'a = np.load("a.npz", allow_pickle=False)') }] }],
    },
    {
      name: 'torch.load with weights_only=False',
      code: py('import torch', 'ckpt = torch.load("ckpt.pt", map_location="cpu", weights_only=False)'),
      errors: [{ messageId: 'torchUnsafe', line: 2, column: 50, fixes: [{ title: 'Set weights_only=True', output: py('import torch', 'ckpt = torch.load("ckpt.pt", map_location="cpu", weights_only=True)') }] }],
    },
    {
      name: 'torch.load without weights_only is a warning (safe by default since PyTorch 2.6)',
      code: py('import torch', 'ckpt = torch.load("ckpt.pt")', 'more = torch.load(path, map_location="cpu",)'),
      errors: [
        { messageId: 'torchDefault', line: 2, column: 8, severity: 'warning', fixes: [{ title: 'Pass weights_only=True', output: py('import torch', 'ckpt = torch.load("ckpt.pt", weights_only=True)', 'more = torch.load(path, map_location="cpu",)') }] },
        { messageId: 'torchDefault', line: 3, column: 8, severity: 'warning', fixes: [{ output: py('import torch', 'ckpt = torch.load("ckpt.pt")', 'more = torch.load(path, map_location="cpu",weights_only=True)') }] },
      ],
    },
    {
      name: 'yaml.load with the full Loader, and without any',
      code: py('import yaml', 'a = yaml.load(open("c.yaml"), Loader=yaml.Loader)', 'b = yaml.unsafe_load(text)'),
      errors: [
        { messageId: 'yamlUnsafe', line: 2, column: 5, data: { call: 'yaml.load' }, fixes: [{ title: 'Use yaml.safe_load', output: py('import yaml', 'a = yaml.safe_load(open("c.yaml"))', 'b = yaml.unsafe_load(text)') }] },
        { messageId: 'yamlUnsafe', line: 3, column: 5, fixes: [{ output: py('import yaml', 'a = yaml.load(open("c.yaml"), Loader=yaml.Loader)', 'b = yaml.safe_load(text)') }] },
      ],
    },
    {
      name: 'keras load_model with safe_mode=False',
      code: py('import tensorflow as tf', 'm = tf.keras.models.load_model("m.keras", safe_mode=False)'),
      errors: [{ messageId: 'kerasUnsafe', line: 2, column: 43, fixes: [{ title: 'Set safe_mode=True', output: py('import tensorflow as tf', 'm = tf.keras.models.load_model("m.keras", safe_mode=True)') }] }],
    },
    {
      name: 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD exported in a script and prefixed to a command',
      path: 'train.sh',
      code: py('export TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1', 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=true python train.py'),
      errors: [
        { messageId: 'envForce', line: 1, column: 8, data: { name: 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', value: '1' }, fixes: [{ title: 'Set TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=0', output: py('export TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=0', 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=true python train.py') }] },
        { messageId: 'envForce', line: 2, column: 1, fixes: [{ output: py('export TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1', 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=0 python train.py') }] },
      ],
    },
    {
      name: 'the variable in a CI workflow env',
      path: '.github/workflows/train.yml',
      code: py('on: push', 'env:', '  TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD: "1"', 'jobs:', '  train:', '    runs-on: ubuntu-latest', '    steps:', '      - run: python train.py'),
      errors: [{ messageId: 'envForce', line: 3, column: 3, fixes: [{ output: py('on: push', 'env:', '  TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD: 0', 'jobs:', '  train:', '    runs-on: ubuntu-latest', '    steps:', '      - run: python train.py') }] }],
    },
    {
      name: 'the variable in a Dockerfile ENV and a .env file',
      path: 'Dockerfile',
      code: py('FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime', 'ENV TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1'),
      errors: [{ messageId: 'envForce', line: 2, column: 5, fixes: [{ output: py('FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime', 'ENV TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=0') }] }],
    },
    {
      name: 'the variable in a .env file, quoted',
      path: '.env',
      code: py('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD="1"'),
      errors: [{ messageId: 'envForce', line: 1, column: 1, endColumn: 37, fixes: [{ output: py('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD="0"') }] }],
    },
    {
      name: 'the variable set from Python',
      code: py('import os', 'os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"'),
      errors: [{ messageId: 'envForce', line: 2, column: 1 }],
    },
  ],
});
