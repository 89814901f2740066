import { ApiError, Errors } from './errors';

/**
 * Instance user data, as both clouds take it: Base64 text, limited in its raw
 * (decoded) size, stored as given and returned as given.
 *
 * - ECS: "The data must be Base64-encoded, and the size of the data before
 *   Base64 encoding cannot exceed 32 KB" (RunInstances, CreateInstance,
 *   ModifyInstanceAttribute: https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-runinstances);
 *   too big is 400 `InvalidUserData.SizeExceeded`. DescribeUserData answers an
 *   empty string when none is set
 *   (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeuserdata).
 * - EC2: "User data is limited to 16 KB, in raw form, before it is
 *   base64-encoded" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html).
 */
export const ECS_USER_DATA_MAX_BYTES = 32 * 1024;
export const EC2_USER_DATA_MAX_BYTES = 16 * 1024;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether the text is canonical Base64 (whitespace allowed between groups, as MIME line breaks). */
export function isBase64(text: string): boolean {
  return BASE64.test(text.replace(/\s+/g, ''));
}

export function decodedSize(text: string): number {
  return Buffer.from(text.replace(/\s+/g, ''), 'base64').length;
}

/** ECS rules: Base64 (else InvalidParameter), at most 32 KB decoded (else InvalidUserData.SizeExceeded). */
export function validateEcsUserData(text: string): string {
  if (!isBase64(text)) throw Errors.invalidParameter('UserData', 'It must be Base64-encoded.');
  if (decodedSize(text) > ECS_USER_DATA_MAX_BYTES) {
    throw new ApiError('InvalidUserData.SizeExceeded', 400, 'The specified parameter "UserData" exceeds the size.');
  }
  return text;
}
