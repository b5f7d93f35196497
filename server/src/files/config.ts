// Finds and loads the project config file (.twinguard.yaml / .yml / .json) for a path: walks up from the
// path's folder and stops at the first config file, or after the folder that holds `.git` (the project
// root), or at the file system root. Parsing is the engine's (parseConfigFile); this file only does fs.
// Shared by the CLI and the server. A config with errors is reported and the last valid one of that file
// stays in force (in the CLI, which starts fresh, there is none: it exits 2).
import { readFile, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CONFIG_FILE_NAMES, parseConfigFile, type ConfigError, type ProjectConfig } from '../engine/index';

export interface LoadedConfig {
  /** The config file that applies, if any. */
  file?: string;
  /** The config in force: this file's, or its last valid version when the current one has errors. */
  config?: ProjectConfig;
  /** Problems of the file's current text (empty when it is valid). */
  errors: ConfigError[];
}

// A stat of a file that is not there takes microseconds: a thread-pool round trip for each (four per folder,
// every folder of a scan) took longer than the stats themselves. Files are read with the callback API, not
// fs.promises: that loads Node's promise-based fs (~2 ms) on the server's path to its first diagnostic (issue 8).
function statOf(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // not readable (EACCES, ENOTDIR ...): not a config file, not a project root
  }
}
const readText = promisify(readFile);

export class ProjectConfigs {
  private readonly fileOfDir = new Map<string, Promise<string | undefined>>();
  private readonly loaded = new Map<string, Promise<LoadedConfig>>();
  private readonly lastValid = new Map<string, ProjectConfig>();

  /** `textOf` lets the editor supply the unsaved text of an open config file. */
  constructor(private readonly textOf: (file: string) => string | undefined = () => undefined) {}

  /** Forget what was read (a config file changed, was created or deleted); last valid configs are kept. */
  invalidate(): void {
    this.fileOfDir.clear();
    this.loaded.clear();
  }

  async forPath(fsPath: string, isDirectory = false): Promise<LoadedConfig> {
    const file = await this.find(isDirectory ? fsPath : path.dirname(fsPath));
    return file ? this.load(file) : { errors: [] };
  }

  /** The config file that applies to files in `dir`. */
  find(dir: string): Promise<string | undefined> {
    // By the folder as given first (every file of a scan asks for its folder), then as an absolute path.
    let found = this.fileOfDir.get(dir);
    if (found) return found;
    const abs = path.resolve(dir);
    found = this.fileOfDir.get(abs);
    if (!found) {
      found = this.lookUp(abs);
      this.fileOfDir.set(abs, found);
    }
    if (dir !== abs) this.fileOfDir.set(dir, found);
    return found;
  }

  private async lookUp(dir: string): Promise<string | undefined> {
    // Each folder's candidates (the first name listed wins), then `.git`.
    const [isProjectRoot, ...candidates] = [path.join(dir, '.git'), ...CONFIG_FILE_NAMES.map((name) => path.join(dir, name))].map(statOf);
    const i = candidates.findIndex((st) => st?.isFile());
    if (i >= 0) return path.join(dir, CONFIG_FILE_NAMES[i]);
    const parent = path.dirname(dir);
    if (isProjectRoot || parent === dir) return undefined;
    return this.find(parent);
  }

  load(file: string): Promise<LoadedConfig> {
    let entry = this.loaded.get(file);
    if (!entry) {
      entry = this.read(file);
      this.loaded.set(file, entry);
    }
    return entry;
  }

  private async read(file: string): Promise<LoadedConfig> {
    let text = this.textOf(file);
    if (text === undefined) {
      try {
        text = await readText(file, 'utf8');
      } catch (err) {
        const message = `cannot read the config file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
        return { file, config: this.lastValid.get(file), errors: [{ file, message, line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 }] };
      }
    }
    const parsed = parseConfigFile(text, file, path.dirname(file));
    if (parsed.config) {
      this.lastValid.set(file, parsed.config);
      return { file, config: parsed.config, errors: [] };
    }
    return { file, config: this.lastValid.get(file), errors: parsed.errors };
  }
}
