import { Errors } from '../errors';

/** The key pair error codes and messages (sources: see index.ts). */

export const keyPairErrors = {
  publicKey: () => Errors.invalid('InvalidPublicKeyBody.Malformed', 'The PublicKeyBody format is not supported.'),
  name: () => Errors.invalid('InvalidKeyPairName.Malformed', 'Specified Key Pair name is not valid.'),
  /** api CreateKeyPair/ImportKeyPair; the guide's only literal error, "キーペアがすでに存在しています。" (L3473). */
  alreadyExists: () => Errors.invalid('KeyPair.AlreadyExist', 'The key pair already exist.'),
  quota: () => Errors.forbidden('QuotaExceed.KeyPair', 'The key pair quota exceeds.'),
  notFound: () =>
    Errors.notFound('InvalidKeyPairName.NotFound', 'The specified KeyPairName does not exist in our records.'),
};
