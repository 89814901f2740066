import type { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { applyFilters, pageOf, tagsFor, type Filter, type Tag } from '../views';
import { instancesView } from './instance-view';
import { InstanceErrors } from './instance-common';
import { checkTemplateId, ec2TemplateError, Ec2TemplateErrors, ecsDataOf, mergeVersionData, type Ec2TemplateData } from './launch-template-data';
import {
  ec2Template,
  ec2Version,
  templateOf,
  versionData,
  versionNumberOf,
  versionsOf,
  type Ec2Template,
  type Ec2Version,
  type TemplateRef,
} from './launch-template-reads';

/**
 * EC2 launch templates over the ECS launch template actions (one model: docs/launch-templates.md):
 * CreateLaunchTemplate, CreateLaunchTemplateVersion (SourceVersion), DescribeLaunchTemplates,
 * DescribeLaunchTemplateVersions ($Latest, $Default, ranges, filters, paging), ModifyLaunchTemplate,
 * DeleteLaunchTemplate, DeleteLaunchTemplateVersions (per-version results), GetLaunchTemplateData.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html and its siblings.
 */
const mapRefError = (e: ApiError, input: TemplateRef) => ec2TemplateError(e, input);

type Ec2Input = TemplateRef & { LaunchTemplateData?: Ec2TemplateData; VersionDescription?: string; ClientToken?: string };

export const createLaunchTemplate = defineEc2Action<Ec2Input & { TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[] }>({
  name: 'CreateLaunchTemplate',
  uses: ['CreateLaunchTemplate', 'DescribeLaunchTemplates'],
  handle: async (input, call) => {
    if (input.LaunchTemplateName === undefined) throw Ec2Errors.missingParameter('LaunchTemplateName');
    const { params } = ecsDataOf(input.LaunchTemplateData);
    if (Object.keys(params).length === 0 && !input.LaunchTemplateData) throw Ec2Errors.missingParameter('LaunchTemplateData');
    const out = await call.ecs('CreateLaunchTemplate', {
      RegionId: call.region,
      LaunchTemplateName: input.LaunchTemplateName,
      VersionDescription: input.VersionDescription,
      TemplateTag: tagsFor(input.TagSpecifications, 'launch-template'),
      ClientToken: input.ClientToken,
      DryRun: input.DryRun,
      ...params,
    });
    return { LaunchTemplate: await templateOf(call, { LaunchTemplateId: out.LaunchTemplateId }) };
  },
  mapError: mapRefError,
});

export const createLaunchTemplateVersion = defineEc2Action<Ec2Input & { SourceVersion?: string }>({
  name: 'CreateLaunchTemplateVersion',
  uses: ['CreateLaunchTemplateVersion', 'DescribeLaunchTemplates', 'DescribeLaunchTemplateVersions'],
  handle: async (input, call) => {
    const t = await templateOf(call, input);
    const next = ecsDataOf(input.LaunchTemplateData);
    // SourceVersion: the new version inherits the source's parameters except those given.
    const params = input.SourceVersion !== undefined ? mergeVersionData(await versionData(call, t, input.SourceVersion), next) : next.params;
    const out = await call.ecs('CreateLaunchTemplateVersion', {
      RegionId: call.region,
      LaunchTemplateId: t.LaunchTemplateId,
      VersionDescription: input.VersionDescription,
      ClientToken: input.ClientToken,
      DryRun: input.DryRun,
      ...params,
    });
    const versions = await call.ecs('DescribeLaunchTemplateVersions', {
      RegionId: call.region,
      LaunchTemplateId: t.LaunchTemplateId,
      LaunchTemplateVersion: [out.LaunchTemplateVersionNumber],
    });
    return { LaunchTemplateVersion: ec2Version(versions.LaunchTemplateVersionSets.LaunchTemplateVersionSet[0]) };
  },
  mapError: (e, input) => ec2TemplateError(e, input, input.SourceVersion),
});

const TEMPLATE_FILTERS = {
  'create-time': (t: Ec2Template) => t.CreateTime,
  'launch-template-name': (t: Ec2Template) => t.LaunchTemplateName,
};

export const describeLaunchTemplates = defineEc2Action<{
  LaunchTemplateIds?: string[];
  LaunchTemplateNames?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeLaunchTemplates',
  uses: ['DescribeLaunchTemplates'],
  handle: async (input, call) => {
    for (const id of input.LaunchTemplateIds ?? []) checkTemplateId(id);
    if (input.DryRun) await call.ecs('DescribeLaunchTemplates', { RegionId: call.region, DryRun: true });
    let all = (await call.ecsPages('DescribeLaunchTemplates', { RegionId: call.region }, (out) => out.LaunchTemplateSets.LaunchTemplateSet, 50)).map(
      ec2Template,
    );
    for (const id of input.LaunchTemplateIds ?? []) if (!all.some((t) => t.LaunchTemplateId === id)) throw Ec2TemplateErrors.idNotFound(id);
    for (const n of input.LaunchTemplateNames ?? []) if (!all.some((t) => t.LaunchTemplateName === n)) throw Ec2TemplateErrors.nameNotFound(n);
    if (input.LaunchTemplateIds?.length) all = all.filter((t) => input.LaunchTemplateIds!.includes(t.LaunchTemplateId));
    if (input.LaunchTemplateNames?.length) all = all.filter((t) => input.LaunchTemplateNames!.includes(t.LaunchTemplateName));
    const matched = applyFilters(all, input.Filters, TEMPLATE_FILTERS).sort((a, b) => a.LaunchTemplateId.localeCompare(b.LaunchTemplateId));
    const { page, nextToken } = pageOf(matched, (t) => t.LaunchTemplateId, 'lt', input.MaxResults, input.NextToken, { min: 1, max: 200 });
    return { LaunchTemplates: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

const VERSION_FILTERS = {
  'is-default-version': (v: Ec2Version) => String(v.DefaultVersion),
  'image-id': (v: Ec2Version) => v.LaunchTemplateData.ImageId,
  'instance-type': (v: Ec2Version) => v.LaunchTemplateData.InstanceType,
  'disable-api-termination': (v: Ec2Version) =>
    v.LaunchTemplateData.DisableApiTermination === undefined ? undefined : String(v.LaunchTemplateData.DisableApiTermination),
};

export const describeLaunchTemplateVersions = defineEc2Action<
  TemplateRef & { Versions?: string[]; MinVersion?: string; MaxVersion?: string; Filters?: Filter[]; MaxResults?: number; NextToken?: string }
>({
  name: 'DescribeLaunchTemplateVersions',
  uses: ['DescribeLaunchTemplateVersions', 'DescribeLaunchTemplates'],
  handle: async (input, call) => {
    const named = input.LaunchTemplateId !== undefined || input.LaunchTemplateName !== undefined;
    // Without a template, only $Latest / $Default of every template may be asked for.
    if (!named && (input.Versions ?? []).some((v) => v !== '$Latest' && v !== '$Default')) {
      throw Ec2Errors.invalidParameterValue('A launch template ID or name is required to describe numbered versions.');
    }
    const templates = named
      ? [await templateOf(call, input)]
      : (
          await call.ecsPages('DescribeLaunchTemplates', { RegionId: call.region, DryRun: input.DryRun }, (out) => out.LaunchTemplateSets.LaunchTemplateSet, 50)
        ).map(ec2Template);
    const min = input.MinVersion !== undefined ? Number(input.MinVersion) : undefined;
    const max = input.MaxVersion !== undefined ? Number(input.MaxVersion) : undefined;
    if ((min !== undefined && !Number.isInteger(min)) || (max !== undefined && !Number.isInteger(max))) {
      throw Ec2Errors.invalidParameterValue('MinVersion and MaxVersion are version numbers.');
    }
    const found: Ec2Version[] = [];
    for (const t of templates) {
      const versions = await versionsOf(call, t);
      const wanted = new Set((input.Versions ?? []).map((v) => versionNumberOf(t, v)));
      for (const n of wanted) if (named && !versions.some((v) => v.VersionNumber === n)) throw Ec2TemplateErrors.versionNotFound(String(n));
      found.push(
        ...versions.filter(
          (v) =>
            (wanted.size === 0 || wanted.has(v.VersionNumber)) &&
            (min === undefined || v.VersionNumber >= min) &&
            (max === undefined || v.VersionNumber <= max),
        ),
      );
    }
    const key = (v: Ec2Version) => `${v.LaunchTemplateId}#${String(v.VersionNumber).padStart(8, '0')}`;
    const matched = applyFilters(found, input.Filters, VERSION_FILTERS).sort((a, b) => key(a).localeCompare(key(b)));
    const { page, nextToken } = pageOf(matched, key, 'ltv', input.MaxResults, input.NextToken, { min: 1, max: 200 });
    return { LaunchTemplateVersions: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
  mapError: mapRefError,
});

export const modifyLaunchTemplate = defineEc2Action<TemplateRef & { DefaultVersion?: string; ClientToken?: string }>({
  name: 'ModifyLaunchTemplate',
  uses: ['ModifyLaunchTemplateDefaultVersion', 'DescribeLaunchTemplates'],
  handle: async (input, call) => {
    const t = await templateOf(call, input);
    if (input.DefaultVersion !== undefined) {
      await call.ecs('ModifyLaunchTemplateDefaultVersion', {
        RegionId: call.region,
        LaunchTemplateId: t.LaunchTemplateId,
        DefaultVersionNumber: versionNumberOf(t, input.DefaultVersion),
        DryRun: input.DryRun,
      });
    }
    return { LaunchTemplate: await templateOf(call, { LaunchTemplateId: t.LaunchTemplateId }) };
  },
  mapError: (e, input) => ec2TemplateError(e, input, input.DefaultVersion),
});

export const deleteLaunchTemplate = defineEc2Action<TemplateRef>({
  name: 'DeleteLaunchTemplate',
  uses: ['DeleteLaunchTemplate', 'DescribeLaunchTemplates'],
  handle: async (input, call) => {
    const t = await templateOf(call, input);
    await call.ecs('DeleteLaunchTemplate', { RegionId: call.region, LaunchTemplateId: t.LaunchTemplateId, DryRun: input.DryRun });
    return { LaunchTemplate: t };
  },
  mapError: mapRefError,
});

/**
 * DeleteLaunchTemplateVersions answers per version: the ones deleted and, each with its
 * ResponseError code, the ones not (`launchTemplateVersionDoesNotExist`; the default version:
 * `unexpectedError`, as EC2 documents no code of its own for it). Up to 200 versions a call.
 */
export const deleteLaunchTemplateVersions = defineEc2Action<TemplateRef & { Versions?: string[] }>({
  name: 'DeleteLaunchTemplateVersions',
  uses: ['DeleteLaunchTemplateVersion', 'DescribeLaunchTemplates', 'DescribeLaunchTemplateVersions'],
  handle: async (input, call) => {
    const asked = input.Versions ?? [];
    if (asked.length === 0) throw Ec2Errors.missingParameter('LaunchTemplateVersion');
    if (asked.length > 200) throw Ec2Errors.invalidParameterValue('You can specify up to 200 launch template version numbers.');
    const t = await templateOf(call, input);
    const existing = new Set((await versionsOf(call, t)).map((v) => v.VersionNumber));
    const ok: number[] = [];
    const failed: { LaunchTemplateId: string; LaunchTemplateName: string; VersionNumber?: number; ResponseError: { Code: string; Message: string } }[] = [];
    for (const v of [...new Set(asked)]) {
      const n = /^\d{1,18}$/.test(v) ? Number(v) : undefined;
      const base = { LaunchTemplateId: t.LaunchTemplateId, LaunchTemplateName: t.LaunchTemplateName, ...(n !== undefined ? { VersionNumber: n } : {}) };
      if (n === undefined || !existing.has(n))
        failed.push({
          ...base,
          ResponseError: { Code: 'launchTemplateVersionDoesNotExist', Message: 'The specified launch template version does not exist.' },
        });
      else if (n === t.DefaultVersionNumber)
        failed.push({ ...base, ResponseError: { Code: 'unexpectedError', Message: 'The default version of a launch template cannot be deleted.' } });
      else ok.push(n);
    }
    if (ok.length > 0 || input.DryRun) {
      await call.ecs('DeleteLaunchTemplateVersion', {
        RegionId: call.region,
        LaunchTemplateId: t.LaunchTemplateId,
        DeleteVersion: ok.length ? ok : [t.LatestVersionNumber],
        DryRun: input.DryRun,
      });
    }
    return {
      SuccessfullyDeletedLaunchTemplateVersions: ok.map((n) => ({
        LaunchTemplateId: t.LaunchTemplateId,
        LaunchTemplateName: t.LaunchTemplateName,
        VersionNumber: n,
      })),
      UnsuccessfullyDeletedLaunchTemplateVersions: failed,
    };
  },
  mapError: mapRefError,
});

/** GetLaunchTemplateData: the launch parameters of a running instance, as a template would hold them. */
export const getLaunchTemplateData = defineEc2Action<{ InstanceId?: string; DryRun?: boolean }>({
  name: 'GetLaunchTemplateData',
  uses: ['DescribeInstances'],
  handle: async (input, call) => {
    if (!input.InstanceId) throw Ec2Errors.missingParameter('InstanceId');
    if (!/^i-[0-9a-z]+$/.test(input.InstanceId)) throw InstanceErrors.malformed(input.InstanceId);
    const [i] = await instancesView(call, { ids: [input.InstanceId], dryRun: input.DryRun });
    if (!i || i.State.Name === 'terminated') throw InstanceErrors.notFound([input.InstanceId]);
    const groups = ((i.SecurityGroups as { GroupId: string }[] | undefined) ?? []).map((g) => g.GroupId);
    const tags = i.Tags.filter((t) => !(t.Key ?? '').startsWith('aws:'));
    return {
      LaunchTemplateData: {
        ImageId: i.ImageId,
        InstanceType: i.InstanceType,
        ...(i.KeyName ? { KeyName: i.KeyName } : {}),
        Placement: { AvailabilityZone: (i.Placement as { AvailabilityZone?: string }).AvailabilityZone, GroupName: '', Tenancy: 'default' },
        NetworkInterfaces: [
          { DeviceIndex: 0, SubnetId: i.SubnetId, Groups: groups, AssociatePublicIpAddress: i.PublicIpAddress !== undefined, DeleteOnTermination: true },
        ],
        BlockDeviceMappings: ((i.BlockDeviceMappings as { DeviceName: string; Ebs: { DeleteOnTermination: boolean } }[] | undefined) ?? []).map((m) => ({
          DeviceName: m.DeviceName,
          Ebs: { DeleteOnTermination: m.Ebs.DeleteOnTermination },
        })),
        Monitoring: { Enabled: false },
        ...(tags.length ? { TagSpecifications: [{ ResourceType: 'instance', Tags: tags }] } : {}),
      },
    };
  },
});

export const LAUNCH_TEMPLATE_EC2_ACTIONS = [
  createLaunchTemplate,
  createLaunchTemplateVersion,
  describeLaunchTemplates,
  describeLaunchTemplateVersions,
  modifyLaunchTemplate,
  deleteLaunchTemplate,
  deleteLaunchTemplateVersions,
  getLaunchTemplateData,
];
