/**
 * EC2 actions any valid key may call (the catalogue), like the ECS catalogue actions. A module of its
 * own: the front door checks it before loading the called adapter (docs/packaging.md, "Front doors").
 */
export const EC2_ANY_KEY_ACTIONS = new Set(['DescribeRegions', 'DescribeAvailabilityZones', 'DescribeInstanceTypes', 'DescribeInstanceTypeOfferings']);
