# The training-data bucket as Terraform: public, unblocked, and encrypted with S3-managed keys only.
resource "aws_s3_bucket" "training" {
  bucket = "your-training-data-bucket"
}

resource "aws_s3_bucket_public_access_block" "training" {
  bucket                  = aws_s3_bucket.training.id
  block_public_acls       = false
  ignore_public_acls      = false
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_acl" "training" {
  bucket = aws_s3_bucket.training.id
  acl    = "public-read"
}

resource "aws_s3_bucket_policy" "training" {
  bucket = aws_s3_bucket.training.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.training.arn}/*"
    }]
  })
}

resource "aws_s3_bucket_server_side_encryption_configuration" "training" {
  bucket = aws_s3_bucket.training.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
