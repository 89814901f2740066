import { describe, expect, it } from 'vitest';
import { mergeLaunchParameters, resolveVersionNumber, validateLaunchTemplateName, type LaunchTemplateRecord } from '../../shared/domain/launch-template';
import { expectApiError } from '../support/api-error';

/** The launch template rules without I/O (docs/launch-templates.md). */
const template = { defaultVersionNumber: 2, latestVersionNumber: 5 } as LaunchTemplateRecord;

describe('launch template rules', () => {
  it('a version is a number, $Latest, $Default or nothing (the default); anything else is not found', () => {
    expect(resolveVersionNumber(template, undefined)).toBe(2);
    expect(resolveVersionNumber(template, '$Default')).toBe(2);
    expect(resolveVersionNumber(template, '$Latest')).toBe(5);
    expect(resolveVersionNumber(template, '4')).toBe(4);
    expect(resolveVersionNumber(template, 3)).toBe(3);
    expectApiError(() => resolveVersionNumber(template, '$latest'), 'InvalidLaunchTemplateVersion.NotFound', 404);
    expectApiError(() => resolveVersionNumber(template, '0'), 'InvalidLaunchTemplateVersion.NotFound', 404);
  });

  it('names: EC2 3-128 of its set (a digit or a slash allowed), ECS 2-128 starting with a letter', () => {
    expect(validateLaunchTemplateName('1web/(blue)_x.y-z', 'ec2')).toBe('1web/(blue)_x.y-z');
    expectApiError(() => validateLaunchTemplateName('ab', 'ec2'), 'InvalidLaunchTemplateName.MalformedException', 400);
    expectApiError(() => validateLaunchTemplateName('a b c', 'ec2'), 'InvalidLaunchTemplateName.MalformedException', 400);
    expect(validateLaunchTemplateName('ab', 'ecs')).toBe('ab');
    expect(validateLaunchTemplateName('web:blue_1.x-2', 'ecs')).toBe('web:blue_1.x-2');
    expectApiError(() => validateLaunchTemplateName('1web', 'ecs'), 'InvalidParameter', 400);
    expectApiError(() => validateLaunchTemplateName('web/blue', 'ecs'), 'InvalidParameter', 400);
    expectApiError(() => validateLaunchTemplateName(undefined, 'ecs'), 'MissingParameter', 400);
  });

  it("a call's parameters override the template's: plain values replaced, SystemDisk merged field by field, lists replaced whole", () => {
    const merged = mergeLaunchParameters(
      {
        ImageId: 'img-a',
        InstanceType: 'ecs.t1.small',
        SystemDisk: { Category: 'cloud_essd', Size: 40 },
        Tag: [{ Key: 'a', Value: '1' }],
        SecurityGroupId: 'sg-1',
      },
      {
        InstanceType: 'ecs.g6.large',
        SystemDisk: { Size: 80, Category: undefined },
        Tag: [{ Key: 'b', Value: '2' }],
        SecurityGroupIds: ['sg-2', 'sg-3'],
        ZoneId: undefined,
      },
    );
    expect(merged).toEqual({
      ImageId: 'img-a',
      InstanceType: 'ecs.g6.large',
      SystemDisk: { Category: 'cloud_essd', Size: 80 },
      Tag: [{ Key: 'b', Value: '2' }],
      SecurityGroupIds: ['sg-2', 'sg-3'],
    });
  });
});
