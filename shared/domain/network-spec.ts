import { ApiError, Errors } from './errors';
import { InstanceErrors, type InstanceRecord } from './instance';

/**
 * ModifyInstanceNetworkSpec (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancenetworkspec,
 * docs/rules/ecs-user-guide.md#network-spec): an instance's public bandwidth, network billing method
 * and static public IP, up or down, for either billing method of the instance.
 *
 * - outbound bandwidth: 0–100 Mbit/s billed by traffic; billed by bandwidth 0–200 for a
 *   subscription, 0–100 for pay-as-you-go; inbound 1–200;
 * - raising the outbound bandwidth from 0 gives a subscription instance a static public IP at once;
 *   a pay-as-you-go instance gets one only with AllocatePublicIp=true;
 * - Running or Stopped, not locked; an instance with an EIP has its bandwidth on the EIP;
 * - the bandwidth billed by the ledger follows (shared/domain/pricing.ts#bandwidthPricePerHour).
 */
export const NetworkSpecErrors = {
  bandwidthOut: () =>
    new ApiError('InvalidInternetMaxBandwidthOut.ValueNotSupported', 400, 'The specified InternetMaxBandwidthOut is beyond the permitted range.'),
  bandwidthIn: () =>
    new ApiError('InvalidInternetMaxBandwidthIn.ValueNotSupported', 400, 'The specified InternetMaxBandwidthIn is beyond the permitted range.'),
  hasEip: () => new ApiError('InvalidInstance.EipBound', 403, 'The instance has an EIP: change the bandwidth of the EIP instead.'),
  nothing: () => Errors.missingParameter('InternetMaxBandwidthOut'),
  allocateWithoutBandwidth: () => new ApiError('InvalidParameter.Conflict', 400, 'AllocatePublicIp needs an outbound bandwidth greater than 0.'),
};

export interface NetworkSpecChange {
  bandwidthOut?: number;
  bandwidthIn?: number;
  networkChargeType?: 'PayByTraffic' | 'PayByBandwidth';
  allocatePublicIp?: boolean;
}

export function modifyNetworkSpec(inst: InstanceRecord, change: NetworkSpecChange, pickPublicIp: () => string): InstanceRecord {
  if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
  if (inst.locks.some((l) => l.reason === 'financial')) throw InstanceErrors.expiredOrInArrears();
  if (inst.subscriptionPhase === 'Expired' || inst.subscriptionPhase === 'ForcedStop') throw InstanceErrors.expiredOrInArrears();
  if (inst.status !== 'Running' && inst.status !== 'Stopped') throw InstanceErrors.incorrectStatus();
  if (change.bandwidthOut === undefined && change.bandwidthIn === undefined && change.networkChargeType === undefined && !change.allocatePublicIp) {
    throw NetworkSpecErrors.nothing();
  }
  if (inst.eip && (change.bandwidthOut !== undefined || change.allocatePublicIp)) throw NetworkSpecErrors.hasEip();
  const chargeType = change.networkChargeType ?? inst.internetChargeType;
  const out = change.bandwidthOut ?? inst.internetMaxBandwidthOut;
  const maxOut = chargeType === 'PayByBandwidth' && inst.chargeType === 'PrePaid' ? 200 : 100;
  if (!Number.isInteger(out) || out < 0 || out > maxOut) throw NetworkSpecErrors.bandwidthOut();
  const inbound = change.bandwidthIn ?? inst.internetMaxBandwidthIn;
  if (change.bandwidthIn !== undefined && (!Number.isInteger(inbound) || inbound < 1 || inbound > 200)) throw NetworkSpecErrors.bandwidthIn();
  if (change.allocatePublicIp && out <= 0) throw NetworkSpecErrors.allocateWithoutBandwidth();
  const raisedFromZero = inst.internetMaxBandwidthOut === 0 && out > 0;
  const wantsIp = !inst.publicIpAddress && !inst.eip && (change.allocatePublicIp || (raisedFromZero && inst.chargeType === 'PrePaid'));
  return {
    ...inst,
    internetChargeType: chargeType,
    internetMaxBandwidthOut: out,
    internetMaxBandwidthIn: inbound,
    publicIpAddress: wantsIp ? pickPublicIp() : inst.publicIpAddress,
  };
}
