// Which globals a pickle may import: the ones that run code (model/pickle-code-execution) and the ones
// ordinary PyTorch, NumPy, scikit-learn and collections pickles use (everything else is
// model/pickle-unknown-global). Written for TwinGuard; the lists of picklescan (src/picklescan/scanner.py,
// _unsafe_globals) and modelscan (modelscan/settings.py, unsafe_globals) were the checklist.
import type { PickleImport } from '../../parsers/pickle';

/** Modules where every name runs code or reaches the system (processes, files, network, interpreters). */
const DANGEROUS_MODULES: Record<string, string> = {
  os: 'runs commands or touches files',
  posix: 'runs commands or touches files',
  nt: 'runs commands or touches files',
  subprocess: 'runs commands',
  pty: 'spawns a shell',
  commands: 'runs commands',
  platform: 'runs commands (platform.popen)',
  sys: 'changes the interpreter',
  socket: 'opens network connections',
  ssl: 'opens network connections',
  webbrowser: 'opens URLs',
  'http.client': 'makes network requests',
  'urllib.request': 'makes network requests',
  requests: 'makes network requests',
  'requests.api': 'makes network requests',
  aiohttp: 'makes network requests',
  httpx: 'makes network requests',
  ftplib: 'makes network requests',
  smtplib: 'makes network requests',
  telnetlib: 'makes network requests',
  runpy: 'runs Python modules',
  code: 'runs Python code',
  codeop: 'compiles Python code',
  pdb: 'runs the debugger on code',
  bdb: 'runs the debugger on code',
  timeit: 'runs Python code',
  importlib: 'imports arbitrary modules',
  imp: 'imports arbitrary modules',
  pkgutil: 'imports arbitrary modules',
  ctypes: 'calls native code',
  cffi: 'calls native code',
  multiprocessing: 'starts processes',
  'concurrent.futures': 'starts processes',
  asyncio: 'runs commands (asyncio.create_subprocess_*)',
  shutil: 'deletes, moves or copies files',
  tempfile: 'creates files',
  glob: 'lists files',
  pathlib: 'reads and writes files',
  io: 'opens files',
  _io: 'opens files',
  shelve: 'loads pickles from disk',
  marshal: 'loads Python bytecode',
  types: 'builds functions from bytecode (types.FunctionType, CodeType)',
  pickle: 'loads another pickle',
  _pickle: 'loads another pickle',
  dill: 'loads another pickle or code',
  'dill._dill': 'loads another pickle or code',
  cloudpickle: 'loads another pickle or code',
  'torch.serialization': 'loads another pickle (torch.load)',
  'numpy.testing._private.utils': 'runs commands (runstring)',
  'torch._dynamo': 'compiles and runs code',
  'torch._inductor': 'compiles and runs code',
  'torch.jit': 'compiles and runs code',
  'torch.hub': 'downloads and runs code',
  'torch.utils.cpp_extension': 'compiles and loads native code',
  'keras.models': 'loads another model (Lambda layers)',
};

/** Single names that run code in modules that are otherwise harmless. */
const DANGEROUS_NAMES: Record<string, string> = {
  'builtins.eval': 'evaluates Python code',
  'builtins.exec': 'runs Python code',
  'builtins.execfile': 'runs a Python file',
  'builtins.compile': 'compiles Python code',
  'builtins.open': 'opens files',
  'builtins.getattr': 'reaches any attribute (getattr(os, "system"))',
  'builtins.setattr': 'changes any attribute',
  'builtins.delattr': 'deletes any attribute',
  'builtins.__import__': 'imports arbitrary modules',
  'builtins.globals': 'reaches the interpreter state',
  'builtins.locals': 'reaches the interpreter state',
  'builtins.vars': 'reaches the interpreter state',
  'builtins.breakpoint': 'starts the debugger',
  'builtins.input': 'reads the console',
  'builtins.apply': 'calls any callable',
  'builtins.help': 'runs a pager',
  'builtins.exit': 'stops the process',
  'builtins.quit': 'stops the process',
  'operator.attrgetter': 'reaches any attribute',
  'operator.methodcaller': 'calls any method',
  'operator.itemgetter': 'reaches any item',
  '_operator.attrgetter': 'reaches any attribute',
  '_operator.methodcaller': 'calls any method',
  'functools.partial': 'calls any callable with bound arguments',
  'functools.reduce': 'calls any callable',
  '_functools.partial': 'calls any callable with bound arguments',
  '_functools.reduce': 'calls any callable',
  'torch.load': 'loads another pickle (torch.load)',
  'torch.storage._load_from_bytes': 'loads another pickle (torch.load)',
  'numpy.load': 'loads another file, pickles allowed',
  'numpy.lib.npyio.load': 'loads another file, pickles allowed',
  'joblib.load': 'loads another pickle',
  'joblib.numpy_pickle.load': 'loads another pickle',
  'pandas.read_pickle': 'loads another pickle',
  'pandas.io.pickle.read_pickle': 'loads another pickle',
  'copyreg._extension_registry': 'imports whatever the loading process registered under that code',
};

/**
 * Why importing this global lets a pickle run code, or undefined when it does not. Names are compared
 * after the unpickler's Python 2 mapping (`__builtin__` is `builtins`), and a dotted name (protocol 4
 * qualnames such as `os.system` reached through `getattr`) counts by each of its parts.
 */
export function dangerOf(imp: Pick<PickleImport, 'module' | 'name'>): string | undefined {
  const { module, name } = imp;
  if (module === 'copyreg._extension_registry') return DANGEROUS_NAMES[module];
  const full = `${module}.${name}`;
  const named = DANGEROUS_NAMES[full] ?? DANGEROUS_NAMES[`${module}.${name.split('.')[0]}`];
  if (named) return named;
  for (let m = module; m; m = m.includes('.') ? m.slice(0, m.lastIndexOf('.')) : '') {
    if (DANGEROUS_MODULES[m]) return DANGEROUS_MODULES[m];
  }
  // `torch.load` may also arrive as `torch` + `serialization.load`, `builtins` + `eval.__call__`.
  if (name.includes('.')) {
    const [head, ...rest] = name.split('.');
    return dangerOf({ module: `${module}.${head}`, name: rest.join('.') });
  }
  return undefined;
}

/** Modules (and their submodules) whose globals ordinary model pickles use; all names allowed. */
const ALLOWED_PREFIXES = ['torch.nn.modules.', 'sklearn.', 'scipy.sparse.', 'numpy.random.', 'xgboost.', 'lightgbm.', 'catboost.'];

/** Exact globals that ordinary model pickles use. */
const ALLOWED = new Set([
  'collections.OrderedDict',
  'collections.defaultdict',
  'collections.Counter',
  'collections.deque',
  'collections.namedtuple',
  'builtins.set',
  'builtins.frozenset',
  'builtins.dict',
  'builtins.list',
  'builtins.tuple',
  'builtins.object',
  'builtins.bytearray',
  'builtins.bytes',
  'builtins.complex',
  'builtins.slice',
  'builtins.range',
  'builtins.int',
  'builtins.float',
  'builtins.str',
  'builtins.bool',
  'builtins.type',
  'copyreg._reconstructor',
  'copyreg.__newobj__',
  '_codecs.encode',
  'datetime.datetime',
  'datetime.date',
  'datetime.time',
  'datetime.timedelta',
  'datetime.timezone',
  'decimal.Decimal',
  'fractions.Fraction',
  'uuid.UUID',
  'argparse.Namespace',
  'enum.Enum',
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_tensor_v3',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  'torch._utils._rebuild_qtensor',
  'torch._utils._rebuild_sparse_tensor',
  'torch._utils._rebuild_device_tensor_from_numpy',
  'torch._utils._rebuild_meta_tensor_no_storage',
  'torch._utils._rebuild_wrapper_subclass',
  'torch._utils._rebuild_nested_tensor',
  'torch._tensor._rebuild_from_type_v2',
  'torch.nn.parameter.Parameter',
  'torch.Size',
  'torch.device',
  'torch.storage.UntypedStorage',
  'torch.storage.TypedStorage',
  'torch.float16', 'torch.float32', 'torch.float64', 'torch.bfloat16', 'torch.int8', 'torch.int16', 'torch.int32', 'torch.int64', 'torch.uint8', 'torch.bool',
  'torch.FloatStorage', 'torch.DoubleStorage', 'torch.HalfStorage', 'torch.BFloat16Storage', 'torch.LongStorage', 'torch.IntStorage',
  'torch.ShortStorage', 'torch.CharStorage', 'torch.ByteStorage', 'torch.BoolStorage', 'torch.ComplexFloatStorage', 'torch.ComplexDoubleStorage',
  'numpy.ndarray',
  'numpy.dtype',
  'numpy.core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar',
  'numpy._core.multiarray._reconstruct',
  'numpy._core.multiarray.scalar',
  'numpy.core.numeric._frombuffer',
  'numpy._core.numeric._frombuffer',
  'numpy.ma.core._mareconstruct',
  'joblib.numpy_pickle.NumpyArrayWrapper',
  'joblib.numpy_pickle_compat.NDArrayWrapper',
]);

export function isAllowed(imp: Pick<PickleImport, 'module' | 'name'>): boolean {
  const full = `${imp.module}.${imp.name}`;
  if (ALLOWED.has(full)) return true;
  // numpy scalar types (numpy.float64, numpy.int64...) are classes the dtype machinery pickles by name.
  if (imp.module === 'numpy' && /^(u?int\d*|float\d*|complex\d*|bool_?|str_|bytes_|object_|longlong|ulonglong|intc|uintc|half|single|double|longdouble)$/.test(imp.name)) return true;
  return ALLOWED_PREFIXES.some((p) => `${imp.module}.`.startsWith(p));
}
