import { VpcErrors } from '../../domain/vpc';
import { loadVpc, loadVSwitch } from '../../store/vpcs';
import { accountOf, type ActionContext } from '../action';

/** The loads every network operation starts with: a VPC or vSwitch of the caller, or the typed not-found error. */

export async function requireVpc(ctx: ActionContext, regionId: string, vpcId: string) {
  const vpc = await loadVpc(ctx.store, accountOf(ctx), regionId, vpcId);
  if (!vpc) throw VpcErrors.vpcNotFound();
  return vpc;
}

export async function requireVSwitch(ctx: ActionContext, regionId: string, id: string) {
  const v = await loadVSwitch(ctx.store, accountOf(ctx), regionId, id);
  if (!v) throw VpcErrors.vSwitchNotFound();
  return v;
}

/** IPv6 is not simulated: asking for it is refused, not dropped (docs/network.md). */
export function refuseIpv6(...asked: (boolean | string | number | undefined)[]): void {
  if (asked.some((a) => a !== undefined && a !== false && a !== '')) throw VpcErrors.ipv6();
}
