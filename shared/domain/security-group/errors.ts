import { ApiError, Errors } from '../errors';
import { securityGroupError } from './security-group-error';

/**
 * The security group error codes and messages (sources: see index.ts). The malformed peers, protocols
 * and port ranges carry the typed reason `malformedRule` (EC2 answers them InvalidPermission.Malformed).
 */

export const securityGroupErrors = {
  /** EC2: a VPC's `default` group cannot be deleted (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html). */
  cannotDeleteDefault: (groupId: string) => new ApiError('CannotDelete', 400, `the specified group: "${groupId}" name: "default" cannot be deleted by a user`),
  name: () => securityGroupError('invalidName', Errors.invalid('InvalidSecurityGroupName.Malformed', 'Specified security group name is not valid.')),
  description: () =>
    securityGroupError('invalidDescription', Errors.invalid('InvalidDescription.Malformed', 'The specified parameter "Description" is not valid.')),
  ruleDescription: () => Errors.invalid('InvalidSecurityGroupDiscription.Malformed', 'The specified security group rule description is not valid.'),
  ipProtocolMalformed: () =>
    securityGroupError('malformedRule', Errors.invalid('InvalidIpProtocol.Malformed', 'The specified parameter "IpProtocol" is not valid.')),
  ipProtocolNotSupported: () =>
    securityGroupError(
      'malformedRule',
      Errors.invalid('InvalidIpProtocol.ValueNotSupported', 'The parameter IpProtocol must be specified with case insensitive TCP, UDP, ICMP, GRE or All.'),
    ),
  portRange: () => securityGroupError('malformedRule', Errors.invalid('InvalidIpPortRange.Malformed', 'The specified parameter "PortRange" is not valid.')),
  sourcePortRange: () => Errors.invalid('InvalidSourcePortRange.Malformed', 'The specified parameter "SourcePortRange" is not valid.'),
  protocolPortMismatch: () =>
    securityGroupError('malformedRule', Errors.invalid('OperationDenied', 'The specified IpProtocol does not exist or IpProtocol and PortRange do not match.')),
  policy: () => Errors.invalid('InvalidPolicy.Malformed', 'The specified parameter "Policy" is not valid.'),
  priorityMalformed: () => Errors.invalid('InvalidPriority.Malformed', 'The parameter Priority is invalid.'),
  priorityValue: () => Errors.invalid('InvalidPriority.ValueNotSupported', 'The parameter Priority is invalid.'),
  nicType: () => Errors.invalid('InvalidNicType.ValueNotSupported', 'The specified NicType does not exist.'),
  nicTypeMismatch: () => Errors.invalid('InvalidNicType.Mismatch', 'Specified nic type conflicts with the authorization record.'),
  sourceCidr: () =>
    securityGroupError('malformedRule', Errors.invalid('InvalidSourceCidrIp.Malformed', 'The specified parameter "SourceCidrIp" is not valid.')),
  destCidr: () => securityGroupError('malformedRule', Errors.invalid('InvalidDestCidrIp.Malformed', 'The specified parameter DestCidrIp is not valid.')),
  ipv6SourceCidr: () =>
    securityGroupError('malformedRule', Errors.invalid('InvalidParam.Ipv6SourceCidrIp', 'The specified parameter "Ipv6SourceCidrIp" is not valid.')),
  ipv6DestCidr: () =>
    securityGroupError('malformedRule', Errors.invalid('InvalidParam.Ipv6DestCidrIp', 'The specified parameter "Ipv6DestCidrIp" is not valid.')),
  ipv4ProtocolWithIpv6: () => Errors.invalid('InvalidParam.Ipv4ProtocolConflictWithIpv6Address', 'An IPv6 address cannot be used with an IPv4 protocol.'),
  ipv6ProtocolWithIpv4: () =>
    securityGroupError(
      'malformedRule',
      Errors.invalid('InvalidParam.Ipv6ProtocolConflictWithIpv4Address', 'An IPv4 address cannot be used with an IPv6 protocol.'),
    ),
  missingSource: () => Errors.invalid('MissingParameter.Source', 'Either SourceCidrIp or SourceGroupId must be specified.'),
  /** No egress table in the reference: the mirror of the documented ingress message, common code MissingParameter. */
  missingDestination: () => Errors.invalid('MissingParameter', 'The input parameter "DestGroupId" or "DestCidrIp" cannot be both blank.'),
  selfReference: () => Errors.invalid('InvalidParamter.Conflict', 'The specified SecurityGroupId should be different from the SourceGroupId.'),
  /** Documented for AuthorizeSecurityGroup (403); the message is not in the reference. */
  ruleLimit: (limit: number) =>
    new ApiError('AuthorizationLimitExceed', 403, `The limit of authorization records in the security group is reached (${limit}).`),
  /** The same documented code for the authorized-groups limit of a basic group (api §2.6). */
  authorizedGroupLimit: (limit: number) =>
    new ApiError('AuthorizationLimitExceed', 403, `A basic security group can authorize at most ${limit} security groups.`),
  /** Documented since 2024-07-08 for RevokeSecurityGroup (api §3.4); the message is not in the reference. */
  unknownRuleId: (ruleId: string) =>
    securityGroupError(
      'ruleIdNotFound',
      Errors.invalid('InvalidParam.SecurityGroupRuleId', `The specified SecurityGroupRuleId "${ruleId}" is invalid or does not exist.`),
    ),
  /** ModifySecurityGroup(Egress)Rule: the reference forbids it and names no code; the common InvalidParameter. */
  peerKindChange: () =>
    securityGroupError(
      'peerKindChange',
      Errors.invalidParameter('SecurityGroupRuleId', 'The type or address family of the authorization object of a rule cannot be changed.'),
    ),
  /** ModifySecurityGroup(Egress)Rule: "cannot be the same as other existing rules"; no code named, the common InvalidParameter. */
  duplicateRule: () =>
    securityGroupError('duplicateRule', Errors.invalidParameter('SecurityGroupRuleId', 'The modified rule is the same as another rule of the security group.')),
  /** ModifySecurityGroup(Egress)Rule without a rule id when no rule has the given attributes. */
  ruleNotFound: () =>
    securityGroupError(
      'ruleNotFound',
      Errors.notFound('InvalidSecurityGroupRule.NotFound', 'The security group rule specified by the parameters does not exist.'),
    ),
  /** Only under EC2's rule that a name is unique within its VPC (ECS has none): the adapter answers InvalidGroup.Duplicate. */
  duplicateName: () => Errors.invalid('InvalidSecurityGroupName.Duplicate', 'The specified security group name already exists in the VPC.'),
  /** Only under EC2's rule that a rule is not authorized twice (ECS succeeds): the adapter answers InvalidPermission.Duplicate. */
  ruleExists: () => Errors.invalid('InvalidSecurityGroupRule.Duplicate', 'The specified security group rule already exists.'),
  groupQuota: () => Errors.forbidden('QuotaExceed.SecurityGroup', 'The maximum number of security groups is reached.'),
  type: () => securityGroupError('invalidType', Errors.invalidParameter('SecurityGroupType', 'Valid values: normal, enterprise.')),
};
