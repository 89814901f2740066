import { ApiError } from '../../domain/errors';
import { keyPairErrors } from '../../domain/key-pair';
import { keyPairOf, loadKeyPair, saveKeyPair, type KeyPairItem } from '../../store/key-pairs';
import type { Stored, UnitOfWork } from '../../store/state-store';
import type { ActionContext } from '../action';

/**
 * Instances bound to key pairs, as the instance actions need it: RunInstances / CreateInstance
 * `KeyPairName` (Linux images only, the key pair must exist), and release (the key pair loses a
 * bound instance). AttachKeyPair / DetachKeyPair (./attach.ts) use the same counter.
 */
export const bindingErrors = {
  /** RunInstances / AttachKeyPair / DetachKeyPair (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-runinstances, §3.4): SSH key pairs are for Linux only (docs/rules/ecs-user-guide.md#key-pairs). */
  windows: () => new ApiError('DependencyViolation.WindowsInstance', 403, 'The instance creating is windows, cannot use ssh key pair to login'),
};

/** The key pair a launch binds, checked before anything is written; undefined without `KeyPairName`. */
export async function resolveKeyPairForLaunch(
  ctx: ActionContext,
  accountId: string,
  regionId: string,
  keyPairName: string | undefined,
  osType: 'linux' | 'windows',
): Promise<Stored<KeyPairItem> | undefined> {
  if (keyPairName === undefined) return undefined;
  if (osType === 'windows') throw bindingErrors.windows();
  const kp = await loadKeyPair(ctx.store, accountId, regionId, keyPairName);
  if (!kp) throw keyPairErrors.notFound();
  return kp;
}

/** The launch's write: `amount` more instances bound to the key pair (conditional on its version). */
export function bindKeyPairAtLaunch(tx: UnitOfWork, kp: Stored<KeyPairItem> | undefined, amount: number): void {
  if (!kp) return;
  saveKeyPair(tx, kp, { ...keyPairOf(kp), boundInstances: kp.boundInstances + amount });
}
