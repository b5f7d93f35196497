#!/usr/bin/env bash
# Runs on the model server: decrypt the ingested data and check it (reference article, step 1).
set -euo pipefail

# On the receiving server, decrypt the data
openssl enc -d -aes-256-cbc -in /data/ingest/audience_data.csv.enc -out /data/ingest/audience_data.csv \
  -pass pass:YourStrongPasswordHere

# Verify the data wasn't tampered with during transit
sha256sum -c checksum.txt
