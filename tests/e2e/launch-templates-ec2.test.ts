import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  type DescribeLaunchTemplateVersionsCommandInput,
  GetLaunchTemplateDataCommand,
  ModifyLaunchTemplateCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';

/**
 * Launch templates through EC2 (@aws-sdk/client-ec2, unmodified): versions, `$Latest` and
 * `$Default`, SourceVersion, ranges, filters and paging, the default version's protection,
 * RunInstances from a template with an explicit parameter overriding the template's, and
 * GetLaunchTemplateData. Errors as the EC2 reference names them
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
 */
const AL2023 = 'ami-0a2f7c3e9d14b5601';
let a: Ec2Account;

describe('EC2 launch templates', () => {
  beforeAll(async () => {
    a = await newEc2Account();
  });

  it('versions: create, SourceVersion inherits, $Latest/$Default, ranges, filters, paging, default moves, default cannot be deleted', async () => {
    const created = await a.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'web-(v1)/blue_x.y',
        VersionDescription: 'first',
        LaunchTemplateData: {
          ImageId: AL2023,
          InstanceType: 't3.micro',
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'role', Value: 'web' }] }],
        },
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'team', Value: 'blue' }] }],
      }),
    );
    const t = created.LaunchTemplate!;
    expect(t).toMatchObject({
      LaunchTemplateName: 'web-(v1)/blue_x.y',
      DefaultVersionNumber: 1,
      LatestVersionNumber: 1,
      Tags: [{ Key: 'team', Value: 'blue' }],
    });
    expect(t.LaunchTemplateId).toMatch(/^lt-[0-9a-z]+$/);
    expect(t.CreatedBy).toBe(`arn:aws:iam::${a.accountId}:root`);
    const id = t.LaunchTemplateId!;

    // Same name again: refused, and nothing new exists.
    expect(
      await ec2Error(a.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'web-(v1)/blue_x.y', LaunchTemplateData: { ImageId: AL2023 } }))),
    ).toMatchObject({ name: 'InvalidLaunchTemplateName.AlreadyExistsException', status: 400 });
    expect((await a.ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates!.map((x) => x.LaunchTemplateId)).toEqual([id]);

    // Version 2 from version 1: only InstanceType changes; the image and the tags come from the source.
    const v2 = await a.ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: id,
        SourceVersion: '1',
        VersionDescription: 'bigger',
        LaunchTemplateData: { InstanceType: 't2.micro' },
      }),
    );
    expect(v2.LaunchTemplateVersion).toMatchObject({
      LaunchTemplateId: id,
      VersionNumber: 2,
      VersionDescription: 'bigger',
      DefaultVersion: false,
      LaunchTemplateData: {
        ImageId: AL2023,
        InstanceType: 't2.micro',
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'role', Value: 'web' }] }],
      },
    });
    // Version 3 without a source: just what it names.
    const v3 = await a.ec2.send(
      new CreateLaunchTemplateVersionCommand({ LaunchTemplateName: 'web-(v1)/blue_x.y', LaunchTemplateData: { InstanceType: 'm5.large' } }),
    );
    expect(v3.LaunchTemplateVersion!.VersionNumber).toBe(3);
    expect(v3.LaunchTemplateVersion!.LaunchTemplateData).toEqual({ InstanceType: 'm5.large' });

    const pick = async (input: DescribeLaunchTemplateVersionsCommandInput) =>
      (await a.ec2.send(new DescribeLaunchTemplateVersionsCommand(input))).LaunchTemplateVersions!.map((v) => v.VersionNumber);
    expect(await pick({ LaunchTemplateId: id, Versions: ['$Latest', '$Default'] })).toEqual([1, 3]);
    expect(await pick({ LaunchTemplateId: id, MinVersion: '2', MaxVersion: '3' })).toEqual([2, 3]);
    expect(await pick({ LaunchTemplateId: id, Filters: [{ Name: 'instance-type', Values: ['t2.micro', 'm5.large'] }] })).toEqual([2, 3]);
    expect(await pick({ LaunchTemplateId: id, Filters: [{ Name: 'is-default-version', Values: ['true'] }] })).toEqual([1]);
    // Without a template: the $Latest of every template in the region.
    expect(await pick({ Versions: ['$Latest'] })).toEqual([3]);

    // Paging: one version a page, a fresh token each page, none on the last.
    const seen: number[] = [];
    const tokens: string[] = [];
    let token: string | undefined;
    do {
      const page = await a.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, MaxResults: 1, NextToken: token }));
      seen.push(...page.LaunchTemplateVersions!.map((v) => v.VersionNumber!));
      token = page.NextToken;
      if (token) tokens.push(token);
    } while (token);
    expect(seen).toEqual([1, 2, 3]);
    expect(new Set(tokens).size).toBe(2);

    // The default moves to $Latest; the template shows it.
    const modified = await a.ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: id, DefaultVersion: '$Latest' }));
    expect(modified.LaunchTemplate).toMatchObject({ LaunchTemplateId: id, DefaultVersionNumber: 3, LatestVersionNumber: 3 });

    // Deleting: per-version answers; the default (3) and a missing one (9) are refused, 2 goes.
    const del = await a.ec2.send(new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['2', '3', '9'] }));
    expect(del.SuccessfullyDeletedLaunchTemplateVersions).toEqual([{ LaunchTemplateId: id, LaunchTemplateName: 'web-(v1)/blue_x.y', VersionNumber: 2 }]);
    expect(del.UnsuccessfullyDeletedLaunchTemplateVersions!.map((f) => [f.VersionNumber, f.ResponseError!.Code])).toEqual([
      [3, 'unexpectedError'],
      [9, 'launchTemplateVersionDoesNotExist'],
    ]);
    expect(await pick({ LaunchTemplateId: id })).toEqual([1, 3]);
    // Numbers are never reused: the next version is 4.
    const v4 = await a.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, LaunchTemplateData: { ImageId: AL2023 } }));
    expect(v4.LaunchTemplateVersion!.VersionNumber).toBe(4);

    // The whole template goes with every version; after that it is unknown.
    const gone = await a.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateName: 'web-(v1)/blue_x.y' }));
    expect(gone.LaunchTemplate).toMatchObject({ LaunchTemplateId: id, DefaultVersionNumber: 3, LatestVersionNumber: 4 });
    expect(await ec2Error(a.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [id] })))).toMatchObject({
      name: 'InvalidLaunchTemplateId.NotFound',
      status: 400,
    });
    // The name is free again.
    const again = await a.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'web-(v1)/blue_x.y', LaunchTemplateData: { ImageId: AL2023 } }));
    expect(again.LaunchTemplate!.LaunchTemplateId).not.toBe(id);
    await a.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: again.LaunchTemplate!.LaunchTemplateId }));
  });

  it('errors: unknown id, unknown name, malformed id, missing version, bad names, both id and name, DryRun', async () => {
    const { LaunchTemplate: t } = await a.ec2.send(
      new CreateLaunchTemplateCommand({ LaunchTemplateName: 'errors-lt', LaunchTemplateData: { ImageId: AL2023 } }),
    );
    const id = t!.LaunchTemplateId!;
    expect(await ec2Error(a.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ['lt-0123456789abcdef0'] })))).toMatchObject({
      name: 'InvalidLaunchTemplateId.NotFound',
      status: 400,
    });
    expect(await ec2Error(a.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['no-such-template'] })))).toMatchObject({
      name: 'InvalidLaunchTemplateName.NotFoundException',
      status: 400,
    });
    expect(await ec2Error(a.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'no-such-template' })))).toMatchObject({
      name: 'InvalidLaunchTemplateName.NotFoundException',
    });
    expect(await ec2Error(a.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ['template-1'] })))).toMatchObject({
      name: 'InvalidLaunchTemplateId.Malformed',
      status: 400,
    });
    expect(await ec2Error(a.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['7'] })))).toMatchObject({
      name: 'InvalidLaunchTemplateId.VersionNotFound',
      status: 400,
    });
    expect(await ec2Error(a.ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: id, DefaultVersion: '5' })))).toMatchObject({
      name: 'InvalidLaunchTemplateId.VersionNotFound',
    });
    expect(
      await ec2Error(
        a.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: '8', LaunchTemplateData: { InstanceType: 't2.micro' } })),
      ),
    ).toMatchObject({
      name: 'InvalidLaunchTemplateId.VersionNotFound',
    });
    expect(await ec2Error(a.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'ab', LaunchTemplateData: { ImageId: AL2023 } })))).toMatchObject({
      name: 'InvalidLaunchTemplateName.MalformedException',
      status: 400,
    });
    expect(
      await ec2Error(a.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'has space', LaunchTemplateData: { ImageId: AL2023 } }))),
    ).toMatchObject({
      name: 'InvalidLaunchTemplateName.MalformedException',
    });
    expect(await ec2Error(a.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id, LaunchTemplateName: 'errors-lt' })))).toMatchObject({
      name: 'InvalidParameterCombination',
      status: 400,
    });
    // DryRun: the permission answer and nothing made.
    expect(
      await ec2Error(a.ec2.send(new CreateLaunchTemplateCommand({ DryRun: true, LaunchTemplateName: 'dry-lt', LaunchTemplateData: { ImageId: AL2023 } }))),
    ).toMatchObject({ name: 'DryRunOperation', status: 412 });
    expect(await ec2Error(a.ec2.send(new DeleteLaunchTemplateCommand({ DryRun: true, LaunchTemplateId: id })))).toMatchObject({
      name: 'DryRunOperation',
      status: 412,
    });
    expect(await ec2Error(a.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['dry-lt'] })))).toMatchObject({
      name: 'InvalidLaunchTemplateName.NotFoundException',
    });
    // Nothing above changed the template.
    const [still] = (await a.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [id] }))).LaunchTemplates!;
    expect(still).toMatchObject({ LaunchTemplateName: 'errors-lt', DefaultVersionNumber: 1, LatestVersionNumber: 1 });
    // A launch naming a template that does not exist launches nothing.
    expect(
      await ec2Error(a.ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateName: 'no-such-template' } }))),
    ).toMatchObject({ name: 'InvalidLaunchTemplateName.NotFoundException' });
    expect(
      await ec2Error(a.ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateId: id, Version: '4' } }))),
    ).toMatchObject({ name: 'InvalidLaunchTemplateId.VersionNotFound' });
    expect((await a.ec2.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
    await a.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id }));
  });

  it('RunInstances from a template: the version chosen, an explicit InstanceType overrides, tags come from the template; GetLaunchTemplateData reads it back', async () => {
    const { LaunchTemplate: t } = await a.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'launcher',
        LaunchTemplateData: {
          ImageId: AL2023,
          InstanceType: 't3.micro',
          DisableApiTermination: false,
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'from', Value: 'template' }] }],
        },
      }),
    );
    const id = t!.LaunchTemplateId!;
    await a.ec2.send(
      new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: '$Latest', LaunchTemplateData: { InstanceType: 't2.micro' } }),
    );

    // $Latest (t2.micro) overridden by the call's m5.large.
    const run = await a.ec2.send(
      new RunInstancesCommand({ MinCount: 1, MaxCount: 1, InstanceType: 'm5.large', LaunchTemplate: { LaunchTemplateName: 'launcher', Version: '$Latest' } }),
    );
    const launched = run.Instances![0]!;
    expect(launched).toMatchObject({ ImageId: AL2023, InstanceType: 'm5.large' });
    // No version named: the default (1), t3.micro.
    const byDefault = (await a.ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateId: id } }))).Instances![0]!;
    expect(byDefault).toMatchObject({ ImageId: AL2023, InstanceType: 't3.micro' });
    await advanceClock(11);

    const described = (await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [launched.InstanceId!] }))).Reservations![0]!.Instances![0]!;
    expect(described).toMatchObject({ InstanceType: 'm5.large', State: { Name: 'running' } });
    expect(described.Tags).toEqual(expect.arrayContaining([{ Key: 'from', Value: 'template' }]));

    const data = await a.ec2.send(new GetLaunchTemplateDataCommand({ InstanceId: launched.InstanceId! }));
    expect(data.LaunchTemplateData).toMatchObject({
      ImageId: AL2023,
      InstanceType: 'm5.large',
      TagSpecifications: [{ ResourceType: 'instance', Tags: expect.arrayContaining([{ Key: 'from', Value: 'template' }]) }],
    });
    expect(data.LaunchTemplateData!.NetworkInterfaces![0]).toMatchObject({ DeviceIndex: 0, SubnetId: described.SubnetId });
    // What GetLaunchTemplateData answers makes a template that launches the same kind of instance.
    const got = data.LaunchTemplateData!;
    const clone = await a.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'clone',
        LaunchTemplateData: {
          ImageId: got.ImageId,
          InstanceType: got.InstanceType,
          TagSpecifications: got.TagSpecifications as { ResourceType: 'instance' }[],
        },
      }),
    );
    const [cv] = (await a.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: clone.LaunchTemplate!.LaunchTemplateId })))
      .LaunchTemplateVersions!;
    expect(cv!.LaunchTemplateData).toMatchObject({ ImageId: AL2023, InstanceType: 'm5.large' });

    expect(await ec2Error(a.ec2.send(new GetLaunchTemplateDataCommand({ InstanceId: 'i-0123456789abcdef0' })))).toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });
  });
});
