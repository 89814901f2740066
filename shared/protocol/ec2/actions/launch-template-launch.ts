import type { Ec2Call } from '../adapter';
import type { RunInput } from './instances';
import { checkTemplateId, ec2DataOf, ecsOnlyParameters } from './launch-template-data';
import { templateForLaunch } from './launch-template-reads';

/**
 * RunInstances with `LaunchTemplate` (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateSpecification.html):
 * the version's parameters (`Version`: a number, `$Latest` or `$Default`; none: the default
 * version) as RunInstances members, each member given in the call replacing the template's.
 * The network members go together: a call that names its subnet or groups replaces the
 * template's network interface, and the reverse. `ecsOnly` carries what an ECS-made template
 * holds that EC2 has no member for (InstanceName, HostName, …), so it still applies.
 */
export async function withLaunchTemplate(call: Ec2Call, request: RunInput): Promise<{ input: RunInput; ecsOnly: Record<string, unknown> }> {
  const spec = request.LaunchTemplate;
  if (!spec || (spec.LaunchTemplateId === undefined && spec.LaunchTemplateName === undefined)) return { input: request, ecsOnly: {} };
  checkTemplateId(spec.LaunchTemplateId);
  const stored = await templateForLaunch(call, spec);
  const fromTemplate = ec2DataOf(stored);
  const base: Partial<RunInput> = {
    ImageId: fromTemplate.ImageId,
    InstanceType: fromTemplate.InstanceType,
    KeyName: fromTemplate.KeyName,
    SecurityGroupIds: fromTemplate.SecurityGroupIds,
    NetworkInterfaces: fromTemplate.NetworkInterfaces,
    Placement: fromTemplate.Placement,
    UserData: fromTemplate.UserData,
    DisableApiTermination: fromTemplate.DisableApiTermination,
    BlockDeviceMappings: fromTemplate.BlockDeviceMappings,
    TagSpecifications: fromTemplate.TagSpecifications,
  };
  const explicitNetwork = request.SubnetId !== undefined || request.SecurityGroupIds?.length || request.SecurityGroups?.length;
  if (explicitNetwork || request.NetworkInterfaces?.length) {
    if (explicitNetwork && base.NetworkInterfaces) {
      // The call's subnet or groups replace the template's interface; what the call leaves out of it stays.
      const nic = base.NetworkInterfaces[0]!;
      base.SubnetId = nic.SubnetId;
      base.SecurityGroupIds = nic.Groups;
    }
    delete base.NetworkInterfaces;
    if (request.NetworkInterfaces?.length) {
      delete base.SubnetId;
      delete base.SecurityGroupIds;
    }
  }
  const merged: RunInput = { ...request };
  for (const [k, v] of Object.entries(base)) {
    const key = k as keyof RunInput;
    const given = merged[key];
    if (v !== undefined && (given === undefined || (Array.isArray(given) && given.length === 0))) (merged as unknown as Record<string, unknown>)[key] = v;
  }
  return { input: merged, ecsOnly: ecsOnlyParameters(stored) };
}
