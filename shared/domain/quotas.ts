import { lifecycle } from '../platform/config';

/**
 * Account quotas the operator can change with ModifyAccountQuota (the guide's
 * "raise by ticket" limits, §1). Each has its default; later resources add theirs.
 */
export const QUOTAS: Record<string, { default: () => number; description: string }> = {
  PostPaidInstances: {
    default: () => lifecycle.defaultPostPaidInstanceQuota,
    description: 'Pay-as-you-go instances across all regions (guide Q5, L118)',
  },
};

export const isKnownQuota = (name: string): boolean => Object.hasOwn(QUOTAS, name);
