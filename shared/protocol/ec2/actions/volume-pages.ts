import type { DiskRecord } from '../../../domain/disk';
import { describeDisks } from '../../../actions/disks/queries';
import type { Ec2Call } from '../adapter';
import { afterIdOfToken, filterPredicate, pageSizeOf, pageTokenAfter, type Filter, type FilterFields } from '../views';
import { VolumeErrors } from './volumes-snapshots';

/**
 * The volume views other than DescribeVolumes (DescribeVolumeStatus, DescribeVolumesModifications)
 * read through the typed disk query (shared/actions/disks/queries.ts `describeDisks`), as
 * DescribeVolumes does: named volumes are one BatchGet, and a listing pages over the region's disks
 * in id order with the view's filters applied as it pages (docs/operations.md), instead of reading
 * every disk of the region per call.
 */

/** The named volumes as they are now, in id order; an unknown one is InvalidVolume.NotFound. */
export async function namedVolumes(call: Ec2Call, ids: readonly string[], dryRun: boolean | undefined): Promise<DiskRecord[]> {
  const unique = [...new Set(ids)];
  const { items } = await call.perform(describeDisks, { regionId: call.region, ids: unique, paging: { pageSize: unique.length } }, { dryRun });
  for (const id of unique) if (!items.some((d) => d.diskId === id)) throw VolumeErrors.notFound(id);
  return items.sort((a, b) => (a.diskId < b.diskId ? -1 : 1));
}

export interface VolumeViewListing<V extends object> {
  /** The EC2 action: it names the NextToken (the last volume of the page). */
  kind: string;
  /** A disk as the view shows it at `now`; undefined leaves the disk out (a volume never modified). */
  view: (d: DiskRecord, now: Date) => V | undefined;
  filters: Filter[] | undefined;
  fields: FilterFields<V>;
  maxResults: number | undefined;
  nextToken: string | undefined;
  limits: { min: number; max: number };
  dryRun: boolean | undefined;
}

/** One page of a volume view over the whole region, filtered as the query pages so a page is full. */
export async function listVolumeViews<V extends object>(call: Ec2Call, l: VolumeViewListing<V>): Promise<{ page: V[]; nextToken?: string }> {
  const keep = filterPredicate(l.filters, l.fields);
  const now = await call.now();
  const afterDiskId = afterIdOfToken(l.kind, l.nextToken);
  const pageSize = l.maxResults === undefined ? Number.MAX_SAFE_INTEGER : pageSizeOf(l.maxResults, l.limits);
  const matches = (d: DiskRecord) => {
    const v = l.view(d, now);
    return v !== undefined && (!keep || keep(v));
  };
  const listed = await call.perform(describeDisks, { regionId: call.region, matches, paging: { maxResults: pageSize, afterDiskId } }, { dryRun: l.dryRun });
  const last = listed.items.at(-1);
  return {
    page: listed.items.map((d) => l.view(d, now)!),
    ...(listed.nextToken && last ? { nextToken: pageTokenAfter(l.kind, last.diskId) } : {}),
  };
}
