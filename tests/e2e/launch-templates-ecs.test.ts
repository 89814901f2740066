import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { advanceClock, newEc2Account, type Ec2Account } from '../support/ec2';

/**
 * Launch templates through the official ECS SDK (@alicloud/ecs20140526, unmodified) and one model
 * seen from both dialects: a template made through ECS is listed by EC2 under the same `lt-` id in
 * the same account and region, a version made through EC2 is read by ECS, and each dialect launches
 * from the other's template. ECS errors per the ECS API reference
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createlaunchtemplate and siblings).
 */
const REGION = 'cn-hangzhou';
const ALINUX = 'aliyun_3_x64_20G_alibase_20240528.vhd';
let a: Ec2Account;

describe('ECS launch templates, one model in both dialects', () => {
  beforeAll(async () => {
    a = await newEc2Account();
  });

  it('ECS: create, versions, default version, describe with detail, delete a version, delete the template', async () => {
    const created = await a.client.createLaunchTemplate(
      new Ecs.CreateLaunchTemplateRequest({
        regionId: REGION,
        launchTemplateName: 'ecs-web',
        versionDescription: 'first version',
        imageId: ALINUX,
        instanceType: 'ecs.t1.small',
        instanceName: 'from-template',
        internetMaxBandwidthOut: 5,
        tag: [new Ecs.CreateLaunchTemplateRequestTag({ key: 'role', value: 'web' })],
        templateTag: [new Ecs.CreateLaunchTemplateRequestTemplateTag({ key: 'team', value: 'blue' })],
      }),
    );
    const id = created.body!.launchTemplateId!;
    // ECS's id shape: `lt-`, the region's code (bp for cn-hangzhou), then 18 letters and digits.
    expect(id).toMatch(/^lt-bp[0-9a-z]{18}$/);
    expect(created.body!.launchTemplateVersionNumber).toBe(1);

    const dup = await sdkError(
      a.client.createLaunchTemplate(new Ecs.CreateLaunchTemplateRequest({ regionId: REGION, launchTemplateName: 'ecs-web', imageId: ALINUX })),
    );
    expect(dup).toMatchObject({ code: 'LaunchTemplateName.Duplicated', statusCode: 403 });

    const v2 = await a.client.createLaunchTemplateVersion(
      new Ecs.CreateLaunchTemplateVersionRequest({
        regionId: REGION,
        launchTemplateId: id,
        imageId: ALINUX,
        instanceType: 'ecs.t6-c2m1.large',
        versionDescription: 'second',
      }),
    );
    expect(v2.body!.launchTemplateVersionNumber).toBe(2);
    await a.client.modifyLaunchTemplateDefaultVersion(
      new Ecs.ModifyLaunchTemplateDefaultVersionRequest({ regionId: REGION, launchTemplateName: 'ecs-web', defaultVersionNumber: 2 }),
    );

    const listed = await a.client.describeLaunchTemplates(new Ecs.DescribeLaunchTemplatesRequest({ regionId: REGION, launchTemplateName: ['ecs-web'] }));
    expect(listed.body!.totalCount).toBe(1);
    expect(listed.body!.launchTemplateSets!.launchTemplateSet![0]).toMatchObject({
      launchTemplateId: id,
      launchTemplateName: 'ecs-web',
      defaultVersionNumber: 2,
      latestVersionNumber: 2,
      tags: { tag: [{ tagKey: 'team', tagValue: 'blue' }] },
    });

    const versions = await a.client.describeLaunchTemplateVersions(
      new Ecs.DescribeLaunchTemplateVersionsRequest({ regionId: REGION, launchTemplateId: id, detailFlag: true }),
    );
    const sets = versions.body!.launchTemplateVersionSets!.launchTemplateVersionSet!;
    expect(sets.map((v) => [v.versionNumber, v.defaultVersion])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(sets[1]!.launchTemplateData).toMatchObject({
      imageId: ALINUX,
      instanceType: 'ecs.t1.small',
      instanceName: 'from-template',
      internetMaxBandwidthOut: 5,
      tags: { instanceTag: [{ key: 'role', value: 'web' }] },
    });
    const onlyDefault = await a.client.describeLaunchTemplateVersions(
      new Ecs.DescribeLaunchTemplateVersionsRequest({ regionId: REGION, launchTemplateId: id, defaultVersion: true }),
    );
    expect(onlyDefault.body!.launchTemplateVersionSets!.launchTemplateVersionSet!.map((v) => v.versionNumber)).toEqual([2]);

    // The default version is refused; version 1 (no longer the default) goes.
    const refused = await sdkError(
      a.client.deleteLaunchTemplateVersion(new Ecs.DeleteLaunchTemplateVersionRequest({ regionId: REGION, launchTemplateId: id, deleteVersion: [2] })),
    );
    expect(refused).toMatchObject({ code: 'InvalidOperation.DeleteDefaultVersion', statusCode: 400 });
    const missing = await sdkError(
      a.client.deleteLaunchTemplateVersion(new Ecs.DeleteLaunchTemplateVersionRequest({ regionId: REGION, launchTemplateId: id, deleteVersion: [1, 9] })),
    );
    expect(missing).toMatchObject({ code: 'InvalidLaunchTemplateVersion.NotFound', statusCode: 404 });
    const deleted = await a.client.deleteLaunchTemplateVersion(
      new Ecs.DeleteLaunchTemplateVersionRequest({ regionId: REGION, launchTemplateId: id, deleteVersion: [1] }),
    );
    expect(deleted.body!.launchTemplateVersions!.launchTemplateVersion).toEqual([{ launchTemplateId: id, launchTemplateVersionNumber: 1 }]);

    await a.client.deleteLaunchTemplate(new Ecs.DeleteLaunchTemplateRequest({ regionId: REGION, launchTemplateId: id }));
    const after = await a.client.describeLaunchTemplates(new Ecs.DescribeLaunchTemplatesRequest({ regionId: REGION }));
    expect(after.body!.totalCount).toBe(0);
    const unknown = await sdkError(
      a.client.describeLaunchTemplateVersions(new Ecs.DescribeLaunchTemplateVersionsRequest({ regionId: REGION, launchTemplateId: id })),
    );
    expect(unknown).toMatchObject({ code: 'InvalidLaunchTemplate.NotFound', statusCode: 404 });
  });

  it('ECS RunInstances with LaunchTemplateId / LaunchTemplateName and a version: the template fills in, explicit parameters override', async () => {
    const { body } = await a.client.createLaunchTemplate(
      new Ecs.CreateLaunchTemplateRequest({
        regionId: REGION,
        launchTemplateName: 'ecs-run',
        imageId: ALINUX,
        instanceType: 'ecs.t1.small',
        instanceName: 'tpl-name',
      }),
    );
    const id = body!.launchTemplateId!;
    await a.client.createLaunchTemplateVersion(
      new Ecs.CreateLaunchTemplateVersionRequest({
        regionId: REGION,
        launchTemplateId: id,
        imageId: ALINUX,
        instanceType: 'ecs.t6-c2m1.large',
        instanceName: 'v2-name',
      }),
    );
    // Version 2, InstanceName overridden by the call.
    const run = await a.client.runInstances(
      new Ecs.RunInstancesRequest({ regionId: REGION, launchTemplateId: id, launchTemplateVersion: 2, instanceName: 'explicit' }),
    );
    const iid = run.body!.instanceIdSets!.instanceIdSet![0]!;
    // By name, no version: the default (1).
    const byName = await a.client.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, launchTemplateName: 'ecs-run' }));
    const iid2 = byName.body!.instanceIdSets!.instanceIdSet![0]!;
    const d = await a.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([iid, iid2]) }));
    const byId = new Map(d.body!.instances!.instance!.map((i) => [i.instanceId, i]));
    expect(byId.get(iid)).toMatchObject({ instanceType: 'ecs.t6-c2m1.large', instanceName: 'explicit', imageId: ALINUX });
    expect(byId.get(iid2)).toMatchObject({ instanceType: 'ecs.t1.small', instanceName: 'tpl-name' });

    // Errors: unknown template, unknown version, a version without a template; nothing launched.
    const before = d.body!.totalCount;
    expect(await sdkError(a.client.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, launchTemplateId: 'lt-bp1nosuchtemplate00' })))).toMatchObject({
      code: 'InvalidLaunchTemplate.NotFound',
      statusCode: 404,
    });
    expect(
      await sdkError(a.client.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, launchTemplateId: id, launchTemplateVersion: 7 }))),
    ).toMatchObject({
      code: 'InvalidLaunchTemplateVersion.NotFound',
      statusCode: 404,
    });
    expect(
      await sdkError(
        a.client.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, launchTemplateVersion: 1, imageId: ALINUX, instanceType: 'ecs.t1.small' })),
      ),
    ).toMatchObject({
      code: 'MissingParameter',
    });
    const all = await a.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }));
    expect(all.body!.totalCount).toBe(before);
  });

  it('one model: an ECS template is seen and launched by EC2; an EC2 version is seen and launched by ECS', async () => {
    const { body } = await a.client.createLaunchTemplate(
      new Ecs.CreateLaunchTemplateRequest({
        regionId: REGION,
        launchTemplateName: 'shared-lt',
        imageId: ALINUX,
        instanceType: 'ecs.t6-c2m1.large',
        instanceName: 'ecs-named',
        tag: [new Ecs.CreateLaunchTemplateRequestTag({ key: 'made-by', value: 'ecs' })],
      }),
    );
    const id = body!.launchTemplateId!;

    // EC2 lists it under the same id, with EC2's instance type name.
    const [t] = (await a.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['shared-lt'] }))).LaunchTemplates!;
    expect(t).toMatchObject({ LaunchTemplateId: id, LaunchTemplateName: 'shared-lt', DefaultVersionNumber: 1, LatestVersionNumber: 1 });
    const [v1] = (await a.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id }))).LaunchTemplateVersions!;
    expect(v1!.LaunchTemplateData).toMatchObject({
      ImageId: ALINUX,
      InstanceType: 't3.micro',
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'made-by', Value: 'ecs' }] }],
    });

    // EC2 launches from it; the ECS-only InstanceName still applies.
    const run = await a.ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateId: id } }));
    const ec2Launched = run.Instances![0]!.InstanceId!;
    const seenByEcs = await a.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([ec2Launched]) }));
    expect(seenByEcs.body!.instances!.instance![0]).toMatchObject({ instanceName: 'ecs-named', instanceType: 'ecs.t6-c2m1.large', imageId: ALINUX });

    // EC2 adds version 2 from version 1; ECS sees it, with the ECS type name and the inherited name.
    await a.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: '1', LaunchTemplateData: { InstanceType: 't2.micro' } }));
    const ecsVersions = await a.client.describeLaunchTemplateVersions(
      new Ecs.DescribeLaunchTemplateVersionsRequest({ regionId: REGION, launchTemplateName: 'shared-lt', launchTemplateVersion: [2] }),
    );
    expect(ecsVersions.body!.launchTemplateVersionSets!.launchTemplateVersionSet![0]!.launchTemplateData).toMatchObject({
      instanceType: 'ecs.t1.small',
      imageId: ALINUX,
      instanceName: 'ecs-named',
    });
    const ecsRun = await a.client.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, launchTemplateId: id, launchTemplateVersion: 2 }));
    const ecsLaunched = ecsRun.body!.instanceIdSets!.instanceIdSet![0]!;
    await advanceClock(11);
    const ec2View = (await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [ecsLaunched] }))).Reservations![0]!.Instances![0]!;
    expect(ec2View).toMatchObject({ InstanceType: 't2.micro', State: { Name: 'running' } });

    // A template made through EC2 is listed by ECS; its id has EC2's `lt-` prefix too.
    const { LaunchTemplate: fromEc2 } = await a.ec2.send(
      new CreateLaunchTemplateCommand({ LaunchTemplateName: 'ec2-made', LaunchTemplateData: { ImageId: 'ami-0d5b8e1f4a27c9602', InstanceType: 't3.micro' } }),
    );
    expect(fromEc2!.LaunchTemplateId).toMatch(/^lt-/);
    const ecsList = await a.client.describeLaunchTemplates(
      new Ecs.DescribeLaunchTemplatesRequest({ regionId: REGION, launchTemplateId: [fromEc2!.LaunchTemplateId!] }),
    );
    expect(ecsList.body!.launchTemplateSets!.launchTemplateSet![0]).toMatchObject({ launchTemplateName: 'ec2-made', latestVersionNumber: 1 });
    // Names are unique across both dialects: ECS cannot reuse an EC2-made name.
    expect(
      await sdkError(a.client.createLaunchTemplate(new Ecs.CreateLaunchTemplateRequest({ regionId: REGION, launchTemplateName: 'ec2-made', imageId: ALINUX }))),
    ).toMatchObject({ code: 'LaunchTemplateName.Duplicated' });
  });

  it('quotas: ECS 30 templates per region and 30 versions per template; EC2 counts the same templates against its 5,000', async () => {
    const b = await newEc2Account();
    const create = (name: string) =>
      b.client.createLaunchTemplate(new Ecs.CreateLaunchTemplateRequest({ regionId: REGION, launchTemplateName: name, imageId: ALINUX }));
    const first = await create('quota-0');
    for (let i = 1; i < 30; i++) await create(`quota-${i}`);
    expect(await sdkError(create('quota-30'))).toMatchObject({ code: 'LaunchTemplateLimitExceed', statusCode: 403 });
    // The same count seen from EC2, whose limit is higher: the 31st template is made there.
    const ec2Made = await b.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'quota-ec2', LaunchTemplateData: { ImageId: ALINUX } }));
    expect(ec2Made.LaunchTemplate!.LaunchTemplateId).toMatch(/^lt-/);
    const listed = await b.client.describeLaunchTemplates(new Ecs.DescribeLaunchTemplatesRequest({ regionId: REGION, pageSize: 50 }));
    expect(listed.body!.totalCount).toBe(31);

    const id = first.body!.launchTemplateId!;
    const version = () =>
      b.client.createLaunchTemplateVersion(new Ecs.CreateLaunchTemplateVersionRequest({ regionId: REGION, launchTemplateId: id, imageId: ALINUX }));
    for (let n = 2; n <= 30; n++) await version();
    expect(await sdkError(version())).toMatchObject({ code: 'LaunchTemplateVersionLimitExceed', statusCode: 403 });
    // A freed slot can be used again; the number keeps growing (31), never reused.
    await b.client.deleteLaunchTemplateVersion(new Ecs.DeleteLaunchTemplateVersionRequest({ regionId: REGION, launchTemplateId: id, deleteVersion: [5] }));
    expect((await version()).body!.launchTemplateVersionNumber).toBe(31);
  });
});
