import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, aws, awsOk } from '../support/ec2';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * Seed 002 (disabling an AMI), run as written with the `aws` CLI on PATH (1.45: it knows
 * disable-image, enable-image and --include-disabled), in the seed's region ap-northeast-1: two
 * images of the account are listed; disable-image answers {"Return": true}; the disabled image is
 * missing from describe-images and present with --include-disabled; enable-image brings it back.
 * The rules behind it (a disabled image cannot launch, loses its launch permissions) are checked too.
 */
const REGION = 'ap-northeast-1';
let account: TestAccount;
let other: TestAccount;
let images: string[];
const cli = (args: string[], who: TestAccount = account) => aws(who, ['ec2', ...args, '--region', REGION]);

describe('seed 002 with the aws CLI', () => {
  beforeAll(async () => {
    account = await newAccount();
    other = await newAccount();
    // Two images of the account, from one instance (an image is made from an instance one at a time).
    const ami = (await awsOk(account, ['ec2', 'describe-images', '--owners', 'amazon', '--region', REGION])).Images[0].ImageId;
    const run = await awsOk(account, ['ec2', 'run-instances', '--image-id', ami, '--instance-type', 't2.micro', '--region', REGION]);
    const instanceId = run.Instances[0].InstanceId;
    await advanceClock(11);
    images = [];
    for (const name of ['golden-a', 'golden-b']) {
      const out = await awsOk(account, ['ec2', 'create-image', '--instance-id', instanceId, '--name', name, '--region', REGION]);
      images.push(out.ImageId);
      await advanceClock(3 * 3600);
    }
  });

  const describeSelf = async (extra: string[] = []) => {
    const r = await cli(['describe-images', '--owners', 'self', '--query', 'Images[].ImageId', ...extra]);
    expect(r.code, r.stderr).toBe(0);
    return r.json<string[]>();
  };

  it('describe-images --owners self --query Images[].ImageId lists the two images', async () => {
    const listed = await describeSelf();
    expect(listed).toHaveLength(2);
    expect([...listed].sort()).toEqual([...images].sort());
    expect(listed.every((id) => /^ami-/.test(id))).toBe(true);
  });

  it('disable-image returns {"Return": true}; the image leaves describe-images and shows with --include-disabled', async () => {
    const [kept, disabled] = images as [string, string];
    const r = await cli(['disable-image', '--image-id', disabled]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('{\n    "Return": true\n}\n');

    expect(await describeSelf()).toEqual([kept]);
    const withDisabled = await describeSelf(['--include-disabled']);
    expect([...withDisabled].sort()).toEqual([...images].sort());
    const state = await cli(['describe-images', '--image-ids', disabled, '--include-disabled', '--query', 'Images[0].State', '--output', 'text']);
    expect(state.stdout.trim()).toBe('disabled');

    // Filtering by the disabled state needs --include-disabled (ec2-api.md §4.2).
    const filtered = await cli(['describe-images', '--owners', 'self', '--filters', 'Name=state,Values=disabled']);
    expect(filtered.stderr).toContain(
      "(InvalidParameter) when calling the DescribeImages operation: When filtering by the 'disabled' state, 'IncludeDisabled' must be set to 'true' in the request.",
    );
    const both = await cli([
      'describe-images',
      '--owners',
      'self',
      '--filters',
      'Name=state,Values=disabled',
      '--include-disabled',
      '--query',
      'Images[].ImageId',
    ]);
    expect(both.json()).toEqual([disabled]);

    // A disabled image cannot launch or be shared (seed 002: later launches fail).
    const launch = await cli(['run-instances', '--image-id', disabled, '--instance-type', 't2.micro']);
    expect(launch.stderr).toContain(`(InvalidAMIID.Unavailable) when calling the RunInstances operation: The image id '[${disabled}]' is no longer available`);
    const share = await cli(['modify-image-attribute', '--image-id', disabled, '--launch-permission', `Add=[{UserId=${other.accountId}}]`]);
    expect(share.code).not.toBe(0);
    expect(share.stderr).toContain('(IncorrectState)');
  });

  it('enable-image returns {"Return": true} and brings the image back; its launch permissions stay removed', async () => {
    const [kept, disabled] = images as [string, string];
    // Shared before disabling: disabling removes the share, enabling does not restore it.
    await cli(['enable-image', '--image-id', disabled]);
    const shared = await cli(['modify-image-attribute', '--image-id', kept, '--launch-permission', `Add=[{UserId=${other.accountId}}]`]);
    expect(shared.code, shared.stderr).toBe(0);
    const seen = await cli(['describe-images', '--image-ids', kept, '--query', 'Images[].ImageId'], other);
    expect(seen.json()).toEqual([kept]);
    await cli(['disable-image', '--image-id', kept]);
    const r = await cli(['enable-image', '--image-id', kept]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('{\n    "Return": true\n}\n');

    const listed = await describeSelf();
    expect([...listed].sort()).toEqual([...images].sort());
    const perms = await cli(['describe-image-attribute', '--image-id', kept, '--attribute', 'launchPermission']);
    expect(perms.json()).toEqual({ ImageId: kept, LaunchPermissions: [] });
    const gone = await cli(['describe-images', '--image-ids', kept], other);
    expect(gone.stderr).toContain('(InvalidAMIID.NotFound)');
  });
});
