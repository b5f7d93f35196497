// jupyter/no-auth: Jupyter started with an empty token, in scripts, config files and Dockerfiles.
import rule from '../../../server/src/engine/rules/jupyter/no-auth';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';
const REMOVE = 'Remove the empty token (Jupyter generates one)';

ruleTester(rule, {
  valid: [
    { name: 'default token authentication', path: 'start.sh', code: lines('jupyter lab --no-browser --port 8888') },
    { name: 'all interfaces but with the default token', path: 'start.sh', code: lines('jupyter lab --ip=0.0.0.0 --no-browser') },
    { name: 'a token from the environment', path: 'start.sh', code: lines('jupyter lab --ServerApp.token="$JUPYTER_TOKEN"') },
    { name: 'an empty token with a password set', path: 'start.sh', code: lines('jupyter notebook --NotebookApp.token= --NotebookApp.password="$HASHED"') },
    { name: 'comments and strings', path: 'start.sh', code: lines("# jupyter lab --NotebookApp.token=''", "echo \"jupyter lab --NotebookApp.token=''\"") },
    { name: 'a config with a token from the environment', path: 'jupyter_server_config.py', code: lines('import os', 'c.ServerApp.token = os.environ["JUPYTER_TOKEN"]') },
    { name: 'a Dockerfile with the default token', path: 'Dockerfile', code: lines('FROM python:3.12', 'CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]') },
    { name: 'compose: a token from the environment', path: 'docker-compose.yml', code: lines('services:', '  lab:', '    image: jupyter/base-notebook', '    command: jupyter lab --ServerApp.token=${JUPYTER_TOKEN}') },
    { name: 'compose: list form with the default token', path: 'compose.yaml', code: lines('services:', '  lab:', '    command: ["jupyter", "lab", "--ip=0.0.0.0"]') },
    { name: 'a YAML file that is not a compose file (a CI matrix value)', path: 'params.yml', code: lines('services:', '  lab:', "    command: jupyter lab --NotebookApp.token=''") },
    { name: 'compose: an environment variable mentioning the option is no command', path: 'docker-compose.yml', code: lines('services:', '  lab:', '    environment:', "      NOTE: jupyter lab --NotebookApp.token=''") },
    // Fuzzer counterexample: tree-sitter recovered this differently with CRLF line ends; Jupyter skips the file.
    { name: 'a config file that does not parse sets nothing', path: 'jupyter_server_config.py', code: lines('c.ServerApp.token = ""', '0.0"', 'c.ServerApp.token = ""') },
  ],
  invalid: [
    {
      name: 'an empty token on all interfaces',
      path: 'start_notebook.sh',
      code: lines("jupyter lab --ip=0.0.0.0 --no-browser --NotebookApp.token=''"),
      errors: [{ messageId: 'emptyToken', line: 1, column: 39, endColumn: 61, data: { exposure: ' and listens on every interface (--ip 0.0.0.0)' }, fixes: [{ title: REMOVE, output: lines('jupyter lab --ip=0.0.0.0 --no-browser') }] }],
    },
    {
      name: 'a separate empty value, with sudo, over a continued line',
      path: 'start.sh',
      code: lines('sudo -u ds jupyter notebook \\', "  --ServerApp.token '' --port 8888"),
      errors: [{ messageId: 'emptyToken', line: 2, column: 3, data: { exposure: '' }, fixes: [{ output: lines('sudo -u ds jupyter notebook \\', '  --port 8888') }] }],
    },
    {
      name: 'the config file sets an empty token',
      path: 'jupyter_server_config.py',
      code: lines('c = get_config()', "c.ServerApp.ip = '0.0.0.0'", "c.ServerApp.token = ''", 'c.ServerApp.open_browser = False'),
      errors: [{ messageId: 'emptyTokenConfig', line: 3, column: 1, data: { setting: 'c.ServerApp.token', exposure: ' and the server listens on every interface' }, fixes: [{ output: lines('c = get_config()', "c.ServerApp.ip = '0.0.0.0'", 'c.ServerApp.open_browser = False') }] }],
    },
    {
      name: 'a Dockerfile CMD in exec form (the quotes become the token)',
      path: 'Dockerfile',
      code: lines('FROM python:3.12', 'CMD ["jupyter", "lab", "--ip=0.0.0.0", "--NotebookApp.token=\'\'", "--allow-root"]'),
      errors: [{ messageId: 'emptyToken', line: 2, column: 41, fixes: [{ output: lines('FROM python:3.12', 'CMD ["jupyter", "lab", "--ip=0.0.0.0", "--allow-root"]') }] }],
    },
    {
      name: 'a Dockerfile CMD in shell form',
      path: 'Dockerfile',
      code: lines('FROM python:3.12', 'CMD jupyter notebook --ip 0.0.0.0 --IdentityProvider.token='),
      errors: [{ messageId: 'emptyToken', line: 2, column: 35, fixes: [{ output: lines('FROM python:3.12', 'CMD jupyter notebook --ip 0.0.0.0') }] }],
    },
    {
      name: 'compose: command in string form',
      path: 'docker-compose.yml',
      code: lines('services:', '  notebook:', '    image: jupyter/scipy-notebook', "    command: jupyter lab --ip 0.0.0.0 --NotebookApp.token=''", '    ports: ["8888:8888"]'),
      errors: [{ messageId: 'emptyToken', line: 4, column: 39, endColumn: 61, data: { exposure: ' and listens on every interface (--ip 0.0.0.0)' }, fixes: [{ output: lines('services:', '  notebook:', '    image: jupyter/scipy-notebook', '    command: jupyter lab --ip 0.0.0.0', '    ports: ["8888:8888"]') }] }],
    },
    {
      name: 'compose: entrypoint and command in flow list form are joined',
      path: 'compose.yaml',
      code: lines('services:', '  lab:', '    entrypoint: ["jupyter", "lab"]', '    command: ["--ServerApp.token=", "--no-browser"]'),
      errors: [{ messageId: 'emptyToken', line: 4, column: 16, endColumn: 34, fixes: [{ output: lines('services:', '  lab:', '    entrypoint: ["jupyter", "lab"]', '    command: ["--no-browser"]') }] }],
    },
    {
      name: 'compose: block list form, the item line is removed',
      path: 'docker-compose.override.yml',
      code: lines('services:', '  lab:', '    command:', '      - jupyter', '      - notebook', '      - --NotebookApp.token=', '      - --port=8888'),
      errors: [{ messageId: 'emptyToken', line: 6, column: 9, endColumn: 29, fixes: [{ output: lines('services:', '  lab:', '    command:', '      - jupyter', '      - notebook', '      - --port=8888') }] }],
    },
    {
      name: 'compose: the Docker Stacks entry script start-notebook.py passes the empty token on',
      path: 'docker-compose.yml',
      code: lines('services:', '  nb:', '    command: ["start-notebook.py", "--ServerApp.token="]'),
      errors: [{ messageId: 'emptyToken', line: 3, column: 37, endColumn: 55, fixes: [{ output: lines('services:', '  nb:', '    command: ["start-notebook.py"]') }] }],
    },
    {
      name: 'compose: sh -c with the command in a string',
      path: 'docker-compose.yml',
      code: lines('services:', '  lab:', '    command: ["sh", "-c", "pip install -r req.txt && jupyter lab --IdentityProvider.token= --ip=0.0.0.0"]'),
      errors: [{ messageId: 'emptyToken', line: 3, column: 66, endColumn: 91, data: { exposure: ' and listens on every interface (--ip 0.0.0.0)' }, fixes: [{ output: lines('services:', '  lab:', '    command: ["sh", "-c", "pip install -r req.txt && jupyter lab --ip=0.0.0.0"]') }] }],
    },
    {
      name: 'a shell script running bash -c with the command in a string',
      path: 'start.sh',
      code: lines(`bash -c "jupyter notebook --NotebookApp.token='' --port 8888"`),
      errors: [{ messageId: 'emptyToken', line: 1, column: 27, endColumn: 49, fixes: [{ output: lines('bash -c "jupyter notebook --port 8888"') }] }],
    },
  ],
});
