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
  /**
   * Seconds a NAT gateway is pending (EC2; VPC API: Creating) and deleting, on the sandbox clock.
   * Real ones take 1-3 minutes (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createnatgateway);
   * 5 s keeps boto3's nat_gateway_available waiter (15 s polls) to one or two polls.
   */
  natGatewaySeconds: num('SANDBOX_NAT_GATEWAY_SECONDS', 5),
  /** NAT gateways per zone: 5 (AWS, https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-gateways). */
  natGatewaysPerZone: num('SANDBOX_NAT_GATEWAYS_PER_ZONE', 5),
  /** DHCP option sets per region: 50 (AWS, same page). */
  dhcpOptionSetsPerRegion: num('SANDBOX_DHCP_OPTION_SETS_PER_REGION', 50),
  /** Network interfaces per region: 5,000 (AWS, same page, "Network interfaces per Region"). */
  networkInterfacesPerRegion: num('SANDBOX_NETWORK_INTERFACES_PER_REGION', 5000),
};
