import { Errors, ReasonedError } from '../errors';

/**
 * The key pair errors, typed: each is the ECS error (code, status, message: what the ECS door
 * renders as is) and carries a `reason` another dialect maps from without matching ECS code
 * strings (the EC2 adapter, shared/protocol/ec2/actions/key-pairs.ts). Sources: see index.ts.
 */
export type KeyPairErrorReason = 'malformedPublicKey' | 'malformedName' | 'nameTaken' | 'quotaFull' | 'notFound';

export class KeyPairError extends ReasonedError<KeyPairErrorReason> {}

export const isKeyPairError = (e: unknown): e is KeyPairError => e instanceof KeyPairError;

export const keyPairErrors = {
  publicKey: () => new KeyPairError('malformedPublicKey', Errors.invalid('InvalidPublicKeyBody.Malformed', 'The PublicKeyBody format is not supported.')),
  name: () => new KeyPairError('malformedName', Errors.invalid('InvalidKeyPairName.Malformed', 'Specified Key Pair name is not valid.')),
  /** api CreateKeyPair/ImportKeyPair; the guide's only literal error ("the key pair already exists", docs/rules/ecs-user-guide.md#key-pairs). */
  alreadyExists: () => new KeyPairError('nameTaken', Errors.invalid('KeyPair.AlreadyExist', 'The key pair already exist.')),
  quota: () => new KeyPairError('quotaFull', Errors.forbidden('QuotaExceed.KeyPair', 'The key pair quota exceeds.')),
  notFound: () => new KeyPairError('notFound', Errors.notFound('InvalidKeyPairName.NotFound', 'The specified KeyPairName does not exist in our records.')),
};
