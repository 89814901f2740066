import {
  CreateImageCommand,
  DescribeImagesCommand,
  DisableImageDeprecationCommand,
  EnableImageDeprecationCommand,
  ModifyImageAttributeCommand,
  RunInstancesCommand,
  type Image,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { callAction } from '../support/ecs-client';
import { advanceClock, ec2Error, newEc2Account, REGION, type Ec2Account } from '../support/ec2';
import { operatorClient } from '../support/sandbox';

/**
 * EnableImageDeprecation / DisableImageDeprecation through @aws-sdk/client-ec2 (ec2-api.md §4.9)
 * and the DescribeImages visibility rule of deprecated AMIs (§4.2), on the sandbox clock; and
 * the one rule both dialects share: once the time has passed the ECS view says Deprecated.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';
const MINUTE = 60_000;
let owner: Ec2Account;
let friend: Ec2Account;
let imageId: string;

const sandboxNow = async (): Promise<number> => Date.parse(String((await callAction(operatorClient(), 'DescribeSandboxClock')).Now));

const describe1 = async (who: Ec2Account, params: ConstructorParameters<typeof DescribeImagesCommand>[0] = {}): Promise<Image[]> =>
  (await who.ec2.send(new DescribeImagesCommand(params))).Images ?? [];

const mine = async (): Promise<Image> => {
  const [image] = await describe1(owner, { ImageIds: [imageId] });
  expect(image).toBeDefined();
  return image!;
};

const ids = (images: Image[]) => images.map((i) => i.ImageId);

/** The ECS view of the image for its owner (Status ALL: every status). */
const ecsView = async () => {
  const out = (await callAction(owner.client, 'DescribeImages', { RegionId: REGION, ImageId: imageId, Status: 'ALL' })) as {
    Images: { Image: { ImageId: string; Status: string; DeprecationTime?: string }[] };
  };
  return out.Images.Image[0]!;
};

describe('EC2 image deprecation with @aws-sdk/client-ec2', () => {
  beforeAll(async () => {
    [owner, friend] = await Promise.all([newEc2Account(), newEc2Account()]);
    const [inst] = (await owner.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 }))).Instances!;
    await advanceClock(11);
    imageId = (await owner.ec2.send(new CreateImageCommand({ InstanceId: inst!.InstanceId, Name: 'deprecating-golden' }))).ImageId!;
    await advanceClock(3 * 3600);
    expect((await mine()).State).toBe('available');
    await owner.ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ UserId: friend.accountId }] } }));
    expect(ids(await describe1(friend))).toContain(imageId);
  }, 60_000);

  it('schedules a deprecation, rounded to the nearest minute, refuses bad times and strangers, and hides the image from sharees once passed', async () => {
    // No deprecation yet: no deprecationTime element.
    expect((await mine()).DeprecationTime).toBeUndefined();

    const now = await sandboxNow();
    // Two hours ahead at :40 seconds: rounds up to the next minute.
    const requested = new Date(Math.floor((now + 2 * 3600_000) / MINUTE) * MINUTE + 40_000);
    const expected = new Date(Math.floor(requested.getTime() / MINUTE) * MINUTE + MINUTE).toISOString();
    const enabled = await owner.ec2.send(new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: requested }));
    expect(enabled.Return).toBe(true);
    expect((await mine()).DeprecationTime).toBe(expected);
    expect(expected).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
    // The ECS view carries it too, and the image is still Available there.
    expect(await ecsView()).toMatchObject({ Status: 'Available', DeprecationTime: expected.replace('.000Z', 'Z') });

    // A date in the past, or further than 10 years: 400 InvalidParameterValue, nothing changed.
    const past = await ec2Error(owner.ec2.send(new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: new Date(now - 3600_000) })));
    expect(past).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(past.message).toContain('in the future');
    const tooLate = await ec2Error(owner.ec2.send(new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: new Date(now + 11 * 365 * 86_400_000) })));
    expect(tooLate).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(tooLate.message).toContain('10 years');
    expect((await mine()).DeprecationTime).toBe(expected);

    // DryRun: 412, nothing changed.
    const dry = await ec2Error(
      owner.ec2.send(new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: new Date(now + 5 * 3600_000), DryRun: true })),
    );
    expect(dry).toMatchObject({ name: 'DryRunOperation', status: 412 });
    expect((await mine()).DeprecationTime).toBe(expected);

    // Only the owner: the sharee, and anyone on an amazon AMI, get what DisableImage answers them.
    const stranger = await ec2Error(friend.ec2.send(new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: new Date(now + 5 * 3600_000) })));
    expect(stranger).toMatchObject({ name: 'InvalidAMIID.NotFound', status: 400, message: `The image id '[${imageId}]' does not exist` });
    expect(await ec2Error(friend.ec2.send(new DisableImageDeprecationCommand({ ImageId: imageId })))).toMatchObject({
      name: 'InvalidAMIID.NotFound',
      status: 400,
    });
    expect(await ec2Error(owner.ec2.send(new EnableImageDeprecationCommand({ ImageId: AMI, DeprecateAt: new Date(now + 5 * 3600_000) })))).toMatchObject({
      name: 'InvalidAMIID.NotFound',
    });
    expect((await mine()).DeprecationTime).toBe(expected);

    // Before the time the sharee sees it, with its deprecation time.
    const before = (await describe1(friend)).find((i) => i.ImageId === imageId);
    expect(before).toMatchObject({ DeprecationTime: expected, State: 'available' });

    // After it: hidden from the sharee unless IncludeDeprecated or named by id.
    await advanceClock(2 * 3600 + 120);
    expect(ids(await describe1(friend))).not.toContain(imageId);
    expect(ids(await describe1(friend, { ExecutableUsers: ['self'] }))).not.toContain(imageId);
    expect(ids(await describe1(friend, { IncludeDeprecated: false }))).not.toContain(imageId);
    expect(ids(await describe1(friend, { IncludeDeprecated: true }))).toContain(imageId);
    expect(ids(await describe1(friend, { ImageIds: [imageId] }))).toEqual([imageId]);
    // The owner always sees its own, even asking not to.
    expect(ids(await describe1(owner, { Owners: ['self'] }))).toEqual([imageId]);
    expect(ids(await describe1(owner, { Owners: ['self'], IncludeDeprecated: false }))).toEqual([imageId]);
    expect((await mine()).State).toBe('available');
    // One rule: the ECS view now says Deprecated, and a deprecated image cannot be shared further.
    expect((await ecsView()).Status).toBe('Deprecated');
    const third = await newEc2Account();
    expect(
      await ec2Error(owner.ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ UserId: third.accountId }] } }))),
    ).toMatchObject({ name: 'IncorrectState', status: 400 });

    // Disable removes deprecationTime: Available again, visible to the sharee by default; twice is fine.
    expect((await owner.ec2.send(new DisableImageDeprecationCommand({ ImageId: imageId }))).Return).toBe(true);
    expect((await mine()).DeprecationTime).toBeUndefined();
    expect(await ecsView()).toMatchObject({ Status: 'Available' });
    expect('DeprecationTime' in (await ecsView())).toBe(false);
    expect(ids(await describe1(friend))).toContain(imageId);
    expect((await owner.ec2.send(new DisableImageDeprecationCommand({ ImageId: imageId }))).Return).toBe(true);
  });

  it('shares the rule with ECS ModifyImageAttribute Status: Deprecated shows a deprecationTime, DisableImageDeprecation undoes it', async () => {
    // ECS refuses to deprecate a shared image: unshare first.
    await owner.ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Remove: [{ UserId: friend.accountId }] } }));
    const now = await sandboxNow();
    await callAction(owner.client, 'ModifyImageAttribute', { RegionId: REGION, ImageId: imageId, Status: 'Deprecated' });
    const after = await sandboxNow();
    // The current minute (read before and after the call, in case a minute ended meanwhile).
    const minuteOf = (ms: number) => new Date(Math.floor(ms / MINUTE) * MINUTE).toISOString();
    expect([minuteOf(now), minuteOf(after)]).toContain((await mine()).DeprecationTime);
    expect((await ecsView()).Status).toBe('Deprecated');

    // A new future time makes it Available until then.
    const at = new Date(now + 24 * 3600_000);
    await owner.ec2.send(new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: at }));
    expect((await ecsView()).Status).toBe('Available');
    expect((await mine()).DeprecationTime).toBe(new Date(Math.round(at.getTime() / MINUTE) * MINUTE).toISOString());

    await owner.ec2.send(new DisableImageDeprecationCommand({ ImageId: imageId }));
    expect((await ecsView()).Status).toBe('Available');
    expect((await mine()).DeprecationTime).toBeUndefined();
  });
});
