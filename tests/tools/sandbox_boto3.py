"""What the boto3 suites here share: an EC2 client for the sandbox named by the environment
(ENDPOINT, REGION, ACCESS_KEY, SECRET_KEY, set by the calling vitest file), and the error code a
call answers. Imported by the scripts beside it (python puts a script's own folder on sys.path).
"""
import os

import boto3
from botocore.exceptions import ClientError


def ec2_client():
    """The official boto3 EC2 client with only the endpoint and credentials changed."""
    return boto3.client(
        "ec2",
        endpoint_url=os.environ["ENDPOINT"],
        region_name=os.environ["REGION"],
        aws_access_key_id=os.environ["ACCESS_KEY"],
        aws_secret_access_key=os.environ["SECRET_KEY"],
    )


def error_code(fn, **kwargs):
    """The EC2 error code of `fn(**kwargs)`, or None when the call succeeds."""
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None
