import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPolicyTable, renderEc2PermissionsFile, renderReadmePolicyTable } from '../../scripts/lib/policy-artifacts';
import { EC2_ECS_PERMISSIONS } from '../../shared/domain/ec2-permissions.generated';
import { parsePolicyDocument } from '../../shared/domain/policy';
import { ec2ActionAllowed, ecsActionAllowed } from '../../shared/domain/policy-twins';
import { EC2_ACTIONS } from '../../shared/protocol/ec2/actions';

/** Policies hold whichever dialect calls (README "Policies across dialects"). */
const policy = (statements: { Effect: 'Allow' | 'Deny'; Action: string[] }[]) => parsePolicyDocument(JSON.stringify({ Statement: statements }));
const root = join(__dirname, '../..');
const SYNC = 'out of date with the EC2 adapters: run `npm run sync-actions`';

describe('policies across dialects', () => {
  it('a Deny of ecs:DeleteInstance under Allow * also refuses ec2:TerminateInstances', () => {
    const p = policy([
      { Effect: 'Allow', Action: ['*'] },
      { Effect: 'Deny', Action: ['ecs:DeleteInstance'] },
    ]);
    expect(ec2ActionAllowed(p, 'TerminateInstances')).toBe(false);
    expect(ec2ActionAllowed(p, 'StopInstances')).toBe(true);
    expect(ecsActionAllowed(p, 'DeleteInstance')).toBe(false);
  });

  it('a Deny of ecs:StopInstances refuses ec2:StopInstances; a Deny of ecs:DescribeInstances leaves TerminateInstances alone', () => {
    expect(
      ec2ActionAllowed(
        policy([
          { Effect: 'Allow', Action: ['*'] },
          { Effect: 'Deny', Action: ['ecs:StopInstances'] },
        ]),
        'StopInstances',
      ),
    ).toBe(false);
    expect(
      ec2ActionAllowed(
        policy([
          { Effect: 'Allow', Action: ['*'] },
          { Effect: 'Deny', Action: ['ecs:DescribeInstances'] },
        ]),
        'TerminateInstances',
      ),
    ).toBe(true);
  });

  it('an ec2: statement applies to the ECS twins', () => {
    const deny = policy([
      { Effect: 'Allow', Action: ['*'] },
      { Effect: 'Deny', Action: ['ec2:TerminateInstances'] },
    ]);
    expect(ecsActionAllowed(deny, 'DeleteInstances')).toBe(false);
    expect(ecsActionAllowed(deny, 'DeleteInstance')).toBe(false);
    expect(ecsActionAllowed(deny, 'StopInstance')).toBe(true);
    const ec2Only = policy([{ Effect: 'Allow', Action: ['ec2:*'] }]);
    expect(ec2ActionAllowed(ec2Only, 'TerminateInstances')).toBe(true);
    expect(ecsActionAllowed(ec2Only, 'DescribeInstances')).toBe(true);
    expect(ecsActionAllowed(ec2Only, 'CreateAccount')).toBe(false);
  });

  it('an ecs:-only policy does not open the EC2 door, and a key without a policy may do anything', () => {
    expect(ec2ActionAllowed(policy([{ Effect: 'Allow', Action: ['ecs:*'] }]), 'DescribeInstances')).toBe(false);
    expect(ec2ActionAllowed(undefined, 'TerminateInstances')).toBe(true);
    expect(ecsActionAllowed(undefined, 'DeleteInstance')).toBe(true);
  });

  it("maps every EC2 action, and the generated file and README table are the adapters'", () => {
    for (const a of EC2_ACTIONS) expect(EC2_ECS_PERMISSIONS[a.name], a.name).toBeDefined();
    expect(EC2_ECS_PERMISSIONS.TerminateInstances).toEqual(['DeleteInstances', 'DeleteInstance']);
    const file = readFileSync(join(root, 'shared/domain/ec2-permissions.generated.ts'), 'utf8');
    expect(file, `shared/domain/ec2-permissions.generated.ts is ${SYNC}`).toBe(renderEc2PermissionsFile(EC2_ACTIONS));
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(extractPolicyTable(readme), `README.md's EC2 policy mapping is ${SYNC}`).toBe(renderReadmePolicyTable(EC2_ACTIONS));
  });
});
