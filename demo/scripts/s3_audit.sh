#!/usr/bin/env bash
# Audit and lock down the training-data bucket (reference article, step 4).
set -euo pipefail

BUCKET=your-training-data-bucket

# List all buckets
aws s3api list-buckets --query "Buckets[].Name"
# Check the Access Control List (ACL) of the bucket
aws s3api get-bucket-acl --bucket "$BUCKET"
# Apply a private ACL to fix it
aws s3api put-bucket-acl --bucket "$BUCKET" --acl private
# Enable default encryption on the bucket
aws s3api put-bucket-encryption --bucket "$BUCKET" \
  --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
