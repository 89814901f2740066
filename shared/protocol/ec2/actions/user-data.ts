import { ApiError } from '../../../domain/errors';
import { decodedSize, EC2_USER_DATA_MAX_BYTES, isBase64 } from '../../../domain/user-data';
import { Ec2Errors } from '../adapter';

/**
 * EC2's user data rules on top of the ECS ones the adapters dispatch to: 16 KB
 * raw ("User data is limited to 16 KB, in raw form, before it is
 * base64-encoded", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html),
 * Base64 text (`InvalidUserData.Malformed`,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html), and a change only
 * while the instance is stopped ("If the root volume of the instance is an EBS volume, you can also
 * stop the instance and update its user data", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html).
 */
export function checkEc2UserData(text: string | undefined): void {
  if (text === undefined || text === '') return;
  if (!isBase64(text)) throw new ApiError('InvalidUserData.Malformed', 400, 'Invalid BASE64 encoding of user data.');
  if (decodedSize(text) > EC2_USER_DATA_MAX_BYTES) throw Ec2Errors.invalidParameterValue(`User data is limited to ${EC2_USER_DATA_MAX_BYTES} bytes`);
}

export function requireStoppedForUserData(instanceId: string, state: string): void {
  if (state !== 'stopped') throw new ApiError('IncorrectInstanceState', 400, `The instance '${instanceId}' is not in the 'stopped' state.`);
}
