#!/usr/bin/env bash
# Publishes the scored dataset and the trained model: the shortcuts a deadline invites.
set -euo pipefail

BUCKET=your-training-data-bucket

# Fetch the base model from the internal registry (its certificate "kept failing")
curl -fsSk https://registry.internal.example.com/models/base.pt -o base.pt

# Send the scored batch to the partner's collector
curl -T scored_batch.csv http://collector.partner.example.com/upload

# Copy the raw training data to the GPU box for the next run
scp audience_data.csv gpu@train-box:/data/ingest/

# Let the partner read the bucket
aws s3api delete-public-access-block --bucket "$BUCKET"
aws s3api put-bucket-acl --bucket "$BUCKET" --acl public-read
aws s3api put-bucket-policy --bucket "$BUCKET" --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::your-training-data-bucket/*"}]}'

# Record the release without the signing key the CI box does not have
git -c commit.gpgsign=false commit -am "Publish scored batch"
