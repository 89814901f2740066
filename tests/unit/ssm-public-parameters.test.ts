import { describe, expect, it } from 'vitest';
import { findPublicParameter, publicParametersByPath } from '../../shared/domain/catalogue/ssm-public-parameters';
import { findSystemImage } from '../../shared/domain/catalogue/system-images';

/** The public AMI parameters name public images of the catalogue, in every region (docs/ssm-parameters.md). */
describe('SSM public AMI parameters', () => {
  it('every parameter names a public amazon image of every region; unknown names and missing images have none', () => {
    for (const region of ['cn-hangzhou', 'us-east-1', 'eu-west-1']) {
      const all = publicParametersByPath(region, '/aws/service', true);
      expect(all).toHaveLength(10);
      for (const p of all) expect(findSystemImage(region, p.value)?.imageId).toBe(p.value);
      // Each name's architecture is its image's (issue 15: Amazon Linux 2 and arm64 names).
      for (const p of all) {
        const arch = findSystemImage(region, p.value)!.architecture;
        expect(arch, p.name).toBe(/arm64/.test(p.name) ? 'arm64' : 'x86_64');
      }
    }
    expect(findPublicParameter('us-east-1', '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64')).toMatchObject({
      value: 'ami-0a2f7c3e9d14b5601',
      lastModified: new Date('2024-06-24T08:00:00Z'),
      version: 1,
    });
    expect(findPublicParameter('us-east-1', '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2')).toMatchObject({
      value: 'ami-0e3c1a7b5d9f24603',
      lastModified: new Date('2024-06-20T08:00:00Z'),
    });
    expect(findPublicParameter('us-east-1', '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64')?.value).toBe('ami-0e7d4b2c8a1f35604');
    expect(findPublicParameter('us-east-1', '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2')?.value).toBe('ami-0f1a6c3e9b2d47605');
    expect(findPublicParameter('us-east-1', '/aws/service/ami-amazon-linux-latest/amzn-ami-hvm-x86_64-gp2')).toBeUndefined();
    expect(findPublicParameter('us-east-1', 'toString')).toBeUndefined();
    expect(findPublicParameter('no-such-region', '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64')).toBeUndefined();
  });

  it('by path: direct children only unless recursive; a trailing slash reads the same', () => {
    const names = (path: string, recursive = false) => publicParametersByPath('us-east-1', path, recursive).map((p) => p.name);
    expect(names('/aws/service/ami-amazon-linux-latest')).toEqual([
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64',
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64',
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2',
      '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2',
      '/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-arm64-gp2',
      '/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2',
    ]);
    expect(names('/aws/service/ami-amazon-linux-latest/')).toEqual(names('/aws/service/ami-amazon-linux-latest'));
    expect(names('/aws/service')).toEqual([]);
    expect(names('/aws/service/canonical', true)).toHaveLength(2);
    expect(names('/aws/service/ami-amazon')).toEqual([]);
  });
});
