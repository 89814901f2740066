import { Keys } from './keys';
import type { Key, StateStore, Stored } from './state-store';

/**
 * Deployment sets (EC2: placement groups): one item per set in the account-region's
 * `deployment-set` partition. Which instances belong to a set is on the instances
 * (`deploymentSetId`), not here.
 */
export const DEPLOYMENT_SET = 'deployment-set';

export interface DeploymentSetRecord {
  deploymentSetId: string;
  accountId: string;
  regionId: string;
  name: string;
  description: string;
  /** Availability (EC2 spread), AvailabilityGroup (EC2 partition), LowLatency (EC2 cluster). */
  strategy: 'Availability' | 'AvailabilityGroup' | 'LowLatency';
  /** Groups of an AvailabilityGroup set (EC2 partitions), 1-7. */
  groupCount: number;
  createdAt: string;
  tags: { key: string; value: string }[];
}

export const deploymentSetKey = (a: string, r: string, id: string): Key => Keys.resource(a, r, DEPLOYMENT_SET, id);

export function loadDeploymentSet(store: StateStore, a: string, r: string, id: string): Promise<Stored<DeploymentSetRecord> | undefined> {
  return store.get<DeploymentSetRecord>(deploymentSetKey(a, r, id));
}

export function listDeploymentSets(store: StateStore, a: string, r: string): Promise<Stored<DeploymentSetRecord>[]> {
  return store.queryAll<DeploymentSetRecord>({ pk: Keys.resourcePartition(a, r, DEPLOYMENT_SET) });
}
