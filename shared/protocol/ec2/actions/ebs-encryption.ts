import { defineEc2Action, type Ec2Call } from '../adapter';

/**
 * Get/Enable/DisableEbsEncryptionByDefault and GetEbsDefaultKmsKeyId
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetEbsEncryptionByDefault.html):
 * a per-region setting of the account (shared/actions/disks/ebs-encryption-default.ts). While it
 * is on, every new data volume (CreateVolume, RunInstances block devices) is encrypted whatever
 * `Encrypted` says, as EC2 does. The sandbox has no KMS: the default key is the AWS managed key's
 * alias, `alias/aws/ebs`, which EC2 reports until a customer key is set.
 */
export const AWS_MANAGED_EBS_KEY = 'alias/aws/ebs';

/** Whether new volumes of the call's account and region are encrypted by default. */
export async function encryptionByDefault(call: Ec2Call): Promise<boolean> {
  return (await call.ecs<{ Enabled: boolean }>('DescribeEbsEncryptionDefault', { RegionId: call.region })).Enabled;
}

export const getEbsEncryptionByDefault = defineEc2Action<{ DryRun?: boolean }>({
  name: 'GetEbsEncryptionByDefault',
  uses: ['DescribeEbsEncryptionDefault'],
  handle: async (input, call) => {
    const out = await call.ecs<{ Enabled: boolean }>('DescribeEbsEncryptionDefault', { RegionId: call.region, DryRun: input.DryRun });
    return { EbsEncryptionByDefault: out.Enabled, SseType: 'sse-ebs' };
  },
});

const settingAction = (name: 'EnableEbsEncryptionByDefault' | 'DisableEbsEncryptionByDefault') =>
  defineEc2Action<{ DryRun?: boolean }>({
    name,
    uses: ['ModifyEbsEncryptionDefault'],
    handle: async (input, call) => {
      const out = await call.ecs<{ Enabled: boolean }>('ModifyEbsEncryptionDefault', {
        RegionId: call.region,
        Enabled: name === 'EnableEbsEncryptionByDefault',
        DryRun: input.DryRun,
      });
      return { EbsEncryptionByDefault: out.Enabled };
    },
  });

export const enableEbsEncryptionByDefault = settingAction('EnableEbsEncryptionByDefault');
export const disableEbsEncryptionByDefault = settingAction('DisableEbsEncryptionByDefault');

export const getEbsDefaultKmsKeyId = defineEc2Action<{ DryRun?: boolean }>({
  name: 'GetEbsDefaultKmsKeyId',
  uses: ['DescribeEbsEncryptionDefault'],
  handle: async (input, call) => {
    // A read of the setting, so DryRun and the caller's permissions are checked as for the others.
    await call.ecs('DescribeEbsEncryptionDefault', { RegionId: call.region, DryRun: input.DryRun });
    return { KmsKeyId: AWS_MANAGED_EBS_KEY };
  },
});
