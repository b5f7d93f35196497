#!/usr/bin/env bash
# Watch the trained model file with the Linux audit daemon (reference article, step 3).
set -euo pipefail

sudo apt-get update && sudo apt-get install auditd -y
# Add a watch rule on the trained model
sudo auditctl -w /var/www/models/digital_twin.pkl -p rwa -k model_access
# Verify the rule is active
sudo auditctl -l
# Search the logs for access attempts
sudo ausearch -k model_access --interpret
