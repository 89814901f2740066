import { modifyInstanceEc2Facts } from '../../../actions/instances/option-operations';
import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { checkIds } from '../views';
import { checkInstanceIds, requireInstances } from './instance-common';
import { creditsOf } from './instance-status';
import { instancesView } from './instance-view';
import { VolumeErrors, volumesOf } from './volumes-snapshots';

/**
 * ResetInstanceAttribute, ModifyInstanceCreditSpecification and EnableVolumeIO: small instance and
 * volume changes over the instance facts operation (shared/actions/instances/option-operations.ts)
 * and the disk views.
 */

/**
 * ResetInstanceAttribute (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ResetInstanceAttribute.html):
 * only `kernel`, `ramdisk` and `sourceDestCheck` can be reset; kernel and ramdisk need a stopped
 * instance. The sandbox's instances boot HVM images with no kernel or RAM disk of their own, so
 * resetting those changes nothing once the state is right; `sourceDestCheck` goes back to true.
 */
export const resetInstanceAttribute = defineEc2Action<{ InstanceId: string; Attribute?: string; DryRun?: boolean }>({
  name: 'ResetInstanceAttribute',
  uses: ['ModifyInstanceEc2Facts', 'DescribeInstances'],
  handle: async (input, call) => {
    checkInstanceIds([input.InstanceId]);
    if (!input.Attribute) throw Ec2Errors.missingParameter('Attribute');
    if (!['kernel', 'ramdisk', 'sourceDestCheck'].includes(input.Attribute)) {
      throw Ec2Errors.invalidParameterValue(
        `Value (${input.Attribute}) for parameter attribute is invalid. Only kernel, ramdisk and sourceDestCheck can be reset.`,
      );
    }
    const [instance] = await requireInstances(call, [input.InstanceId], input.DryRun);
    if (input.Attribute === 'sourceDestCheck') {
      await call.perform(
        modifyInstanceEc2Facts,
        { regionId: call.region, instanceIds: [input.InstanceId], facts: { sourceDestCheck: true } },
        { dryRun: input.DryRun },
      );
    } else if (instance!.State.Name !== 'stopped') {
      throw new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in the 'stopped' state.`);
    }
    return undefined;
  },
});

/**
 * ModifyInstanceCreditSpecification (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceCreditSpecification.html):
 * `standard` or `unlimited` per burstable instance (T2, T3, T3a, T4g). Each instance succeeds or
 * fails on its own, as the answer's two lists say; the instances that succeed with the same value
 * change in one operation.
 */
export const modifyInstanceCreditSpecification = defineEc2Action<{
  InstanceCreditSpecifications?: { InstanceId?: string; CpuCredits?: string }[];
  ClientToken?: string;
  DryRun?: boolean;
}>({
  name: 'ModifyInstanceCreditSpecification',
  uses: ['ModifyInstanceEc2Facts', 'DescribeInstances'],
  // One write per credit value: one unit, all or nothing.
  oneUnit: true,
  handle: async (input, call) => {
    const specs = input.InstanceCreditSpecifications ?? [];
    if (!specs.length) throw Ec2Errors.missingParameter('InstanceCreditSpecification');
    for (const s of specs) {
      if (s.CpuCredits !== 'standard' && s.CpuCredits !== 'unlimited') {
        throw Ec2Errors.invalidParameterValue(`Value (${s.CpuCredits ?? ''}) for parameter cpuCredits is invalid. Valid values: standard, unlimited.`);
      }
    }
    const unsuccessful: { InstanceId: string; Error: { Code: string; Message: string } }[] = [];
    const byValue = new Map<string, string[]>();
    const wellFormed = specs.filter((s) => {
      if (/^i-[0-9a-z]+$/.test(s.InstanceId ?? '')) return true;
      unsuccessful.push({ InstanceId: s.InstanceId ?? '', Error: { Code: 'InvalidInstanceID.Malformed', Message: `Invalid id: "${s.InstanceId ?? ''}"` } });
      return false;
    });
    const found = new Map(
      (await instancesView(call, { ids: wellFormed.map((s) => s.InstanceId!), dryRun: input.DryRun, withDetails: false })).map((i) => [i.InstanceId, i]),
    );
    for (const s of wellFormed) {
      const i = found.get(s.InstanceId!);
      if (!i || i.State.Name === 'terminated') {
        unsuccessful.push({
          InstanceId: s.InstanceId!,
          Error: { Code: 'InvalidInstanceID.NotFound', Message: `The instance ID '${s.InstanceId}' does not exist` },
        });
      } else if (!creditsOf(String(i.InstanceType))) {
        unsuccessful.push({
          InstanceId: s.InstanceId!,
          Error: {
            Code: 'InstanceCreditSpecification.NotSupported',
            Message: `The instance type ${String(i.InstanceType)} does not support credit specifications.`,
          },
        });
      } else {
        byValue.set(s.CpuCredits!, [...(byValue.get(s.CpuCredits!) ?? []), s.InstanceId!]);
      }
    }
    for (const [value, ids] of byValue) {
      await call.perform(modifyInstanceEc2Facts, { regionId: call.region, instanceIds: ids, facts: { cpuCredits: value as 'standard' | 'unlimited' } });
    }
    return {
      SuccessfulInstanceCreditSpecifications: [...byValue.values()].flat().map((InstanceId) => ({ InstanceId })),
      UnsuccessfulInstanceCreditSpecifications: unsuccessful,
    };
  },
});

/**
 * EnableVolumeIO (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableVolumeIO.html):
 * I/O is disabled only when a volume's data may be inconsistent, which never happens here, so
 * enabling it on an existing volume changes nothing; an unknown volume is InvalidVolume.NotFound.
 */
export const enableVolumeIO = defineEc2Action<{ VolumeId?: string; DryRun?: boolean }>({
  name: 'EnableVolumeIO',
  uses: ['DescribeDisks'],
  handle: async (input, call) => {
    if (!input.VolumeId) throw Ec2Errors.missingParameter('VolumeId');
    checkIds([input.VolumeId], 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
    const { disks } = await volumesOf(call, [input.VolumeId], input.DryRun);
    if (!disks.length) throw VolumeErrors.notFound(input.VolumeId);
    return undefined;
  },
});
