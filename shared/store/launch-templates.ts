import { versionKey, type LaunchTemplateRecord, type LaunchTemplateVersionRecord } from '../domain/launch-template';
import { stripKeys } from './instances';
import { Keys } from './keys';
import type { Key, StateStore, Stored } from './state-store';

/**
 * Persistence of launch templates (both dialects read and write the same items):
 *   - the template: `RES#<account>#<region>#launch-template` / `<id>`;
 *   - its name, unique in the region: `…#launch-template-name` / `<name>` → the id (created in the
 *     template's transaction, so two creates of one name cannot both win);
 *   - each version: `…#launch-template-version#<id>` / `<000007>`, one partition per template, so
 *     its versions are one Query in version order.
 */
export const LAUNCH_TEMPLATE = 'launch-template';
const NAME = 'launch-template-name';
const versionPartitionType = (id: string) => `launch-template-version#${id}`;

export interface LaunchTemplateNameItem {
  launchTemplateId: string;
}

export const templateKey = (accountId: string, regionId: string, id: string): Key => Keys.resource(accountId, regionId, LAUNCH_TEMPLATE, id);
export const templateNameKey = (accountId: string, regionId: string, name: string): Key => Keys.resource(accountId, regionId, NAME, name);
export const versionItemKey = (accountId: string, regionId: string, id: string, n: number): Key =>
  Keys.resource(accountId, regionId, versionPartitionType(id), versionKey(n));

export function loadTemplate(store: StateStore, accountId: string, regionId: string, id: string): Promise<Stored<LaunchTemplateRecord> | undefined> {
  return store.get<LaunchTemplateRecord>(templateKey(accountId, regionId, id));
}

export async function loadTemplateByName(
  store: StateStore,
  accountId: string,
  regionId: string,
  name: string,
): Promise<Stored<LaunchTemplateRecord> | undefined> {
  const entry = await store.get<LaunchTemplateNameItem>(templateNameKey(accountId, regionId, name));
  return entry ? loadTemplate(store, accountId, regionId, entry.launchTemplateId) : undefined;
}

/** Every template of an account in a region, in id order (one Query; bounded by the quota). */
export function listTemplates(store: StateStore, accountId: string, regionId: string): Promise<Stored<LaunchTemplateRecord>[]> {
  return store.queryAll<LaunchTemplateRecord>({ pk: Keys.resourcePartition(accountId, regionId, LAUNCH_TEMPLATE) });
}

/** Every version of a template, ascending (one Query). */
export function listVersions(store: StateStore, accountId: string, regionId: string, id: string): Promise<Stored<LaunchTemplateVersionRecord>[]> {
  return store.queryAll<LaunchTemplateVersionRecord>({ pk: Keys.resourcePartition(accountId, regionId, versionPartitionType(id)) });
}

export function loadVersion(
  store: StateStore,
  accountId: string,
  regionId: string,
  id: string,
  n: number,
): Promise<Stored<LaunchTemplateVersionRecord> | undefined> {
  return store.get<LaunchTemplateVersionRecord>(versionItemKey(accountId, regionId, id, n));
}

export const templateOf = (stored: Stored<LaunchTemplateRecord>): LaunchTemplateRecord => stripKeys(stored);
export const versionOf = (stored: Stored<LaunchTemplateVersionRecord>): LaunchTemplateVersionRecord => stripKeys(stored);
