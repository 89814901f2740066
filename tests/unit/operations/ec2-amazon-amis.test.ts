import { describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

interface Image {
  ImageId: string;
  Name: string;
  Architecture: string;
  ImageOwnerAlias: string;
  OwnerId: string;
  BootMode: string;
}

/** The amazon-owned AMIs behind the SSM names (issue 15): Amazon Linux 2023 and 2, x86_64 and arm64, Ubuntu 22.04. */
describe('amazon AMIs of the catalogue through EC2', () => {
  it('lists five amazon AMIs with their architectures; an arm64 one is refused on an x86_64 type', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const images = (await sandbox.ec2<{ Images: Image[] }>('DescribeImages', { 'Owner.1': 'amazon' })).Images;
    expect(images.map((i) => [i.ImageId, i.Architecture])).toEqual([
      ['ami-0a2f7c3e9d14b5601', 'x86_64'],
      ['ami-0d5b8e1f4a27c9602', 'x86_64'],
      ['ami-0e3c1a7b5d9f24603', 'x86_64'],
      ['ami-0e7d4b2c8a1f35604', 'arm64'],
      ['ami-0f1a6c3e9b2d47605', 'arm64'],
    ]);
    expect(images.every((i) => i.ImageOwnerAlias === 'amazon' && i.OwnerId === '137112412989')).toBe(true);
    expect(images.find((i) => i.ImageId === 'ami-0e3c1a7b5d9f24603')).toMatchObject({
      Name: 'amzn2-ami-kernel-5.10-hvm-2.0.20240620.0-x86_64-gp2',
      BootMode: 'legacy-bios',
    });

    const mismatch = await errorOf(sandbox.ec2('RunInstances', { ImageId: 'ami-0f1a6c3e9b2d47605', InstanceType: 't3.micro', MinCount: '1', MaxCount: '1' }));
    expect(mismatch).toMatchObject({ code: 'InvalidParameterValue', status: 400 });
  });
});
