import { type DefaultRuleProfile, defaultRules } from './default-rules';
import { securityGroupErrors } from './errors';
import { type NameRuleProfile, validateDescription, validateGroupName } from './names';
import { SECURITY_GROUP_TYPES, type SecurityGroupRecord, type SecurityGroupTag, type SecurityGroupType } from './record';
import { addRules } from './rule-changes';

/** CreateSecurityGroup's record (sources: see index.ts). */

export interface NewSecurityGroupInput {
  securityGroupId: string;
  regionId: string;
  accountId: string;
  vpcId?: string;
  securityGroupName?: string;
  description?: string;
  /** Raw wire value; default normal (api CreateSecurityGroup). */
  securityGroupType?: string;
  /** Already validated (tags.ts `validateTags`). */
  tags?: SecurityGroupTag[];
  /** ISO time. */
  creationTime: string;
  /** Default `custom` (what CreateSecurityGroup makes). */
  defaultRuleProfile?: DefaultRuleProfile;
  resourceGroupId?: string;
  nameProfile?: NameRuleProfile;
  newRuleId?: () => string;
}

/** CreateSecurityGroup: validates name, description and type and returns the new record with its default rules. */
export function newSecurityGroup(input: NewSecurityGroupInput): SecurityGroupRecord {
  const securityGroupName = validateGroupName(input.securityGroupName, input.nameProfile);
  const description = validateDescription(input.description);
  const typeText = (input.securityGroupType ?? '').trim();
  const securityGroupType: SecurityGroupType = typeText === '' ? 'normal' : (typeText as SecurityGroupType);
  if (!SECURITY_GROUP_TYPES.includes(securityGroupType)) throw securityGroupErrors.type();
  const group: SecurityGroupRecord = {
    securityGroupId: input.securityGroupId,
    regionId: input.regionId,
    accountId: input.accountId,
    vpcId: input.vpcId ?? '',
    securityGroupName,
    description,
    securityGroupType,
    innerAccessPolicy: securityGroupType === 'enterprise' ? 'Drop' : 'Accept',
    creationTime: input.creationTime,
    tags: input.tags ? input.tags.map((t) => ({ ...t })) : [],
    rules: [],
    ...(input.resourceGroupId ? { resourceGroupId: input.resourceGroupId } : {}),
  };
  const defaults = defaultRules(input.defaultRuleProfile ?? 'custom');
  if (defaults.length === 0) return group;
  return addRules(group, defaults, { now: input.creationTime, newRuleId: input.newRuleId }).group;
}
