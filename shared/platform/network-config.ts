/**
 * The network model's tunables (README, Configuration), read once per cold start. Quotas are
 * defaults the operator's ModifyAccountQuota overrides per account (shared/domain/quotas.ts).
 */
const num = (name: string, fallback: number): number => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? fallback : Number(v);
  return Number.isFinite(n) ? n : fallback;
};

export const network = {
  /** Seconds a VPC, vSwitch or route entry made through the VPC API stays Pending (sandbox clock). */
  pendingSeconds: num('SANDBOX_NETWORK_PENDING_SECONDS', 2),
  /**
   * VPCs per region: 10 (https://www.alibabacloud.com/help/en/vpc/product-overview/limits; AWS's
   * default is 5, https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html).
   */
  vpcsPerRegion: num('SANDBOX_VPCS_PER_REGION', 10),
  /** vSwitches per VPC: 150 (the VPC API's CreateVSwitch; AWS allows 200 subnets per VPC). */
  vSwitchesPerVpc: num('SANDBOX_VSWITCHES_PER_VPC', 150),
  /** Custom route entries per route table: 200 (Alibaba Cloud's limit; AWS's default is 50 routes per table). */
  routeEntriesPerTable: num('SANDBOX_ROUTE_ENTRIES_PER_TABLE', 200),
};
