#!/usr/bin/env bash
# Ingest step from the reference article: encrypt the audience data, send it to the model server.
set -euo pipefail

# Encrypt the data file before transmission
openssl enc -aes-256-cbc -salt -in audience_data.csv -out audience_data.csv.enc -pass pass:YourStrongPasswordHere

# Generate a hash to verify integrity later
sha256sum audience_data.csv > checksum.txt

# Securely transfer the encrypted file (using SCP)
scp audience_data.csv.enc user@model-server:/data/ingest/

# Decrypting on the receiving server is scripts/receive.sh
