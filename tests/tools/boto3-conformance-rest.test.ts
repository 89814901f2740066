import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTicker, type Ticker } from '../../scripts/lib/ticker';
import { control } from '../support/control-plane';
import { ec2Endpoint } from '../support/ec2';
import { newAccount, sandbox, type TestAccount } from '../support/sandbox';

/**
 * Issue 15's conformance suite, the rest: the EC2 actions no other boto3 or aws CLI suite calls,
 * each once as a user would and once with an error (tests/tools/boto3_conformance_rest.py prints
 * what it saw).
 */
let a: TestAccount;
let ticker: Ticker;
// Images and snapshots complete in real time: the quick durations and the ticker, as under npm start.
beforeAll(async () => {
  a = await newAccount();
  ticker = startTicker({ lambdaEndpoint: sandbox().lambdaEndpoint });
  await control('PUT', 'durations', { Profile: 'quick' });
});
afterAll(async () => {
  await control('PUT', 'durations', { Profile: 'realistic' });
  await ticker.stop();
});

describe('the remaining EC2 actions with boto3', () => {
  it('answers each with the fields a boto3 user reads and the documented error codes', { timeout: 700_000 }, () => {
    const out = execFileSync('/usr/bin/python3', [join(__dirname, 'boto3_conformance_rest.py')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        ENDPOINT: ec2Endpoint(),
        REGION: 'cn-hangzhou',
        ACCESS_KEY: a.accessKeyId,
        SECRET_KEY: a.accessKeySecret,
        AMI: 'ami-0a2f7c3e9d14b5601',
      },
      timeout: 600_000,
    });
    const seen = JSON.parse(out.trim().split('\n').pop()!);
    console.log(JSON.stringify(seen));
    expect(seen).toMatchObject({
      import_key_pair: 'imported',
      import_key_pair_bad: 'InvalidKeyPair.Format',
      describe_instance_attribute: 't3.micro',
      describe_instance_attribute_bad: 'InvalidParameterValue',
      get_launch_template_data: 't3.micro',
      get_launch_template_data_bad: 'InvalidInstanceID.NotFound',
      create_launch_template_version: 2,
      // LaunchTemplateData is required: an empty one is not sent at all.
      create_launch_template_version_bad: 'MissingParameter',
      modify_launch_template: 2,
      describe_launch_template_versions: [
        [1, false],
        [2, true],
      ],
      // The default version is not deleted (AWS lists it as unsuccessful).
      delete_launch_template_versions: [1],
      delete_launch_template_versions_default: ['unexpectedError'],
      copy_image: true,
      copy_image_bad: 'InvalidAMIID.NotFound',
      enable_image_deprecation: true,
      deprecation_time: '2030-01-01',
      disable_image_deprecation: true,
      enable_image_deprecation_bad: 'InvalidAMIID.NotFound',
      modify_snapshot_attribute: [],
      modify_snapshot_attribute_bad: 'InvalidSnapshot.NotFound',
      revoke_security_group_ingress: true,
      revoke_security_group_ingress_bad: 'InvalidGroup.NotFound',
      describe_internet_gateways_bad: 'InvalidInternetGatewayID.NotFound',
      replace_route_bad: 'InvalidRoute.NotFound',
      create_default_vpc: 'DefaultVpcAlreadyExists',
      create_default_subnet: 'DefaultSubnetAlreadyExistsInAvailabilityZone',
      delete_placement_group: [],
      delete_placement_group_bad: 'InvalidPlacementGroup.Unknown',
      describe_vpc_classic_link: 'UnsupportedOperation',
      describe_vpc_classic_link_dns_support: 'UnsupportedOperation',
    });
    expect(seen.describe_internet_gateways).toEqual([expect.stringMatching(/^vpc-/)]);
  });
});
