import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { launch, launchRunning, newAccount, REGION } from '../support/instances';

/**
 * No parameter silently ignored, through the official SDK: what the sandbox does not model is
 * refused with UnsupportedParameter and changes nothing; what it models is honoured.
 */
const disksOf = async (account: Awaited<ReturnType<typeof newAccount>>, instanceId: string) =>
  (await account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId }))).body!.disks!.disk!;

describe('parameters refused or honoured', () => {
  it('RunInstances with ResourceGroupId or SystemDisk.KMSKeyId: UnsupportedParameter (400); an unknown LaunchTemplateId or DeploymentSetId: NotFound (404); nothing launched', async () => {
    const account = await newAccount();
    const cases: Record<string, unknown>[] = [
      { resourceGroupId: 'rg-1' },
      { systemDisk: new Ecs.RunInstancesRequestSystemDisk({ category: 'cloud_essd', KMSKeyId: 'key-1' }) },
      { spotStrategy: 'SpotAsPriceGo' },
    ];
    for (const extra of cases) {
      const err = await sdkError(launch(account, extra));
      expect(err, JSON.stringify(extra)).toMatchObject({ code: 'UnsupportedParameter', statusCode: 400 });
    }
    // Launch templates are honoured since issue 15, so an unknown one is a lookup failure, not an unsupported parameter.
    expect(await sdkError(launch(account, { launchTemplateId: 'lt-1' }))).toMatchObject({ code: 'InvalidLaunchTemplate.NotFound', statusCode: 404 });
    // Deployment sets too (issue 15: launching into a placement group), so an unknown set is not found.
    expect(await sdkError(launch(account, { deploymentSetId: 'ds-1' }))).toMatchObject({ code: 'InvalidDeploymentSet.NotFound', statusCode: 404 });
    expect((await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }))).body?.totalCount).toBe(0);
  });

  it('SystemDisk.Encrypted at launch is kept on the system disk', async () => {
    const account = await newAccount();
    const [id] = await launch(account, { systemDisk: new Ecs.RunInstancesRequestSystemDisk({ category: 'cloud_essd', encrypted: 'true' }) });
    const [system] = await disksOf(account, id!);
    expect(system).toMatchObject({ type: 'system', encrypted: true });
  });

  it('ModifyInstanceChargeType honours IncludeDataDisks: data disks follow only when asked; back to PostPaid takes them all', async () => {
    const account = await newAccount();
    const dataDisk = [new Ecs.RunInstancesRequestDataDisk({ category: 'cloud_essd', size: 20 })];
    const a = await launchRunning(account, { dataDisk });
    const b = await launchRunning(account, { dataDisk });
    const change = (id: string, to: string, include?: boolean) =>
      account.client.modifyInstanceChargeType(
        new Ecs.ModifyInstanceChargeTypeRequest({
          regionId: REGION,
          instanceIds: JSON.stringify([id]),
          instanceChargeType: to,
          period: 1,
          includeDataDisks: include,
        }),
      );
    await change(a, 'PrePaid');
    await change(b, 'PrePaid', true);
    const charge = async (id: string) => Object.fromEntries((await disksOf(account, id)).map((d) => [d.type, d.diskChargeType]));
    expect(await charge(a)).toEqual({ system: 'PrePaid', data: 'PostPaid' });
    expect(await charge(b)).toEqual({ system: 'PrePaid', data: 'PrePaid' });
    await change(b, 'PostPaid');
    expect(await charge(b)).toEqual({ system: 'PostPaid', data: 'PostPaid' });
  });

  it('an automatic snapshot policy whose cross-region copy cannot be done is refused and not stored (issue 19: valid copies are now made)', async () => {
    const account = await newAccount();
    const create = (req: Record<string, unknown>) =>
      account.client.createAutoSnapshotPolicy(
        new Ecs.CreateAutoSnapshotPolicyRequest({
          regionId: REGION,
          timePoints: '["1"]',
          repeatWeekdays: '["1"]',
          retentionDays: 7,
          enableCrossRegionCopy: true,
          ...req,
        }),
      );
    for (const targetCopyRegions of ['["cn-nowhere"]', `["${REGION}"]`, '["cn-shanghai","cn-beijing"]', undefined]) {
      expect(await sdkError(create({ targetCopyRegions }))).toMatchObject({ code: 'ParameterInvalid', statusCode: 403 });
    }
    expect(await sdkError(create({ targetCopyRegions: '["cn-shanghai"]', copiedSnapshotsRetentionDays: 0 }))).toMatchObject({
      code: 'ParameterInvalid',
      statusCode: 403,
    });
    const list = await account.client.describeAutoSnapshotPolicyEx(new Ecs.DescribeAutoSnapshotPolicyExRequest({ regionId: REGION }));
    expect(list.body?.totalCount).toBe(0);
    const ok = await account.client.createAutoSnapshotPolicy(
      new Ecs.CreateAutoSnapshotPolicyRequest({
        regionId: REGION,
        timePoints: '["1"]',
        repeatWeekdays: '["1"]',
        retentionDays: 7,
        enableCrossRegionCopy: false,
      }),
    );
    expect(ok.body?.autoSnapshotPolicyId).toMatch(/^sp-/);
    // Turning copies on with no destination region is refused; the policy keeps copies off.
    expect(
      await sdkError(
        account.client.modifyAutoSnapshotPolicyEx(
          new Ecs.ModifyAutoSnapshotPolicyExRequest({ regionId: REGION, autoSnapshotPolicyId: ok.body!.autoSnapshotPolicyId, enableCrossRegionCopy: true }),
        ),
      ),
    ).toMatchObject({ code: 'ParameterInvalid', statusCode: 403 });
    const after = await account.client.describeAutoSnapshotPolicyEx(new Ecs.DescribeAutoSnapshotPolicyExRequest({ regionId: REGION }));
    expect(after.body!.autoSnapshotPolicies!.autoSnapshotPolicy![0]!.enableCrossRegionCopy).toBe(false);
  });

  it('ModifyInstanceAttribute CreditSpecification is refused and the rest of the call does not happen', async () => {
    const account = await newAccount();
    const [id] = await launch(account);
    const err = await sdkError(
      account.client.modifyInstanceAttribute(
        new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, creditSpecification: 'Unlimited', instanceName: 'renamed' }),
      ),
    );
    expect(err).toMatchObject({ code: 'UnsupportedParameter', statusCode: 400 });
    const [inst] = (await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }))).body!
      .instances!.instance!;
    expect(inst!.instanceName).not.toBe('renamed');
  });
});
