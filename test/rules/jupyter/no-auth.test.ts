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
  ],
});
