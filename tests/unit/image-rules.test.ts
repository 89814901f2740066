import { describe, expect, it } from 'vitest';
import {
  applyShareChange,
  checkCopySource,
  checkDeleteImage,
  checkExport,
  checkOssLocation,
  disableImage,
  enableImage,
  filterImages,
  planImport,
  planSnapshotMappings,
  queueSlot,
  replanQueue,
  setImageStatus,
  settleImage,
  type ImageRecord,
  type SnapshotFacts,
} from '../../shared/domain/image';
import { thrownApiError } from '../support/api-error';
import { customImage, FRIEND, OWNER } from '../support/image-fixture';
import { cancelTask, filterTasks, renderTaskAttribute, settleTask, taskProgress, type TaskRecord } from '../../shared/domain/task';

const apiError = thrownApiError;

const T0 = new Date('2025-03-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const iso = (seconds: number) => at(seconds).toISOString();

const custom = (overrides: Partial<ImageRecord> = {}): ImageRecord => customImage({ creationTime: T0.toISOString(), ...overrides });

describe('settleImage: the build window decides Status and Progress', () => {
  const copying = custom({
    status: 'Waiting',
    progress: 0,
    build: { kind: 'copy', queuedAt: iso(0), startAt: iso(100), readyAt: iso(300), outcome: 'Available' },
  });

  it('is Waiting before its start, Creating with the share of the window that passed, then Available at 100%', () => {
    expect(settleImage(copying, at(50))).toMatchObject({ status: 'Waiting', progress: 0 });
    expect(settleImage(copying, at(50)).diskDeviceMappings[0]!.remainTimeSeconds).toBe(250);
    expect(settleImage(copying, at(200))).toMatchObject({ status: 'Creating', progress: 50 });
    expect(settleImage(copying, at(299.9)).progress).toBe(99);
    const done = settleImage(copying, at(300));
    expect(done).toMatchObject({ status: 'Available', progress: 100 });
    expect(done.diskDeviceMappings[0]!.remainTimeSeconds).toBeUndefined();
    expect(copying.status).toBe('Waiting'); // never mutates
  });

  it('ends CreateFailed when the build fails, and leaves finished or unbuilt images alone', () => {
    const failing = custom({
      status: 'Creating',
      progress: 0,
      build: { kind: 'import', queuedAt: iso(0), startAt: iso(0), readyAt: iso(10), outcome: 'CreateFailed' },
    });
    expect(settleImage(failing, at(10)).status).toBe('CreateFailed');
    const plain = custom();
    expect(settleImage(plain, at(1_000_000))).toBe(plain);
  });
});

describe('the copy queue', () => {
  const running = (n: number, end: number) => Array.from({ length: n }, () => ({ startAt: iso(0), readyAt: iso(end) }));

  it('starts at once below the concurrency, else when the first running copy ends', () => {
    expect(queueSlot(running(4, 100), at(10), 50_000, 5)).toEqual({ startAt: iso(10), readyAt: iso(60) });
    const slots = [...running(4, 200), { startAt: iso(0), readyAt: iso(100) }];
    expect(queueSlot(slots, at(10), 50_000, 5)).toEqual({ startAt: iso(100), readyAt: iso(150) });
  });

  it('moves waiting copies up, in the order they were asked for, when one leaves', () => {
    const copies = [
      { imageId: 'a', queuedAt: iso(0), startAt: iso(0), readyAt: iso(100) },
      { imageId: 'b', queuedAt: iso(1), startAt: iso(100), readyAt: iso(200) },
      { imageId: 'c', queuedAt: iso(2), startAt: iso(200), readyAt: iso(300) },
    ];
    // Concurrency 1: `a` was cancelled at 10 s; `b` starts now and `c` after it.
    const changed = replanQueue(copies.slice(1), at(10), 1);
    expect(changed.get('b')).toEqual({ startAt: iso(10), readyAt: iso(110) });
    expect(changed.get('c')).toEqual({ startAt: iso(110), readyAt: iso(210) });
    // Nothing to move when the running ones stay.
    expect(replanQueue(copies, at(10), 1).size).toBe(0);
  });
});

describe('planSnapshotMappings (CreateImage from snapshots)', () => {
  const snaps = new Map<string, SnapshotFacts>([
    ['s-sys', { snapshotId: 's-sys', sourceDiskType: 'system', sizeGiB: 40, encrypted: false, accomplished: true }],
    ['s-data', { snapshotId: 's-data', sourceDiskType: 'data', sizeGiB: 100, encrypted: false, accomplished: true }],
    ['s-busy', { snapshotId: 's-busy', sourceDiskType: 'system', sizeGiB: 40, encrypted: false, accomplished: false }],
    ['s-enc', { snapshotId: 's-enc', sourceDiskType: 'system', sizeGiB: 40, encrypted: true, accomplished: true }],
  ]);
  const plan = (reqs: Parameters<typeof planSnapshotMappings>[0]) => planSnapshotMappings(reqs, snaps);

  it('needs exactly one system disk, from a system disk snapshot (guide L2218)', () => {
    expect(apiError(() => plan([{ snapshotId: 's-data', diskType: 'data' }]))).toMatchObject({ code: 'OperationDenied', status: 400 });
    expect(apiError(() => plan([{ snapshotId: 's-data', diskType: 'system' }]))).toMatchObject({ code: 'OperationDenied', status: 403 });
    expect(
      apiError(() =>
        plan([
          { snapshotId: 's-sys', diskType: 'system' },
          { snapshotId: 's-sys', diskType: 'system' },
        ]),
      ).message,
    ).toContain('two or more');
    expect(apiError(() => plan([{ snapshotId: 's-busy' }]))).toMatchObject({ code: 'InvalidSnapshotId.NotReady', status: 403 });
    expect(apiError(() => plan([{ snapshotId: 's-none' }]))).toMatchObject({ code: 'InvalidSnapshotId.NotFound', status: 404 });
    expect(apiError(() => plan([{ snapshotId: 's-enc' }]))).toMatchObject({ code: 'OperationDenied' });
    expect(apiError(() => plan([{ snapshotId: 's-sys', diskType: 'root' }]))).toMatchObject({ code: 'InvalidDiskType.ValueNotSupported' });
  });

  it('sizes disks from their snapshots (never smaller) or as empty disks of 5–2,000 GB, and assigns free devices', () => {
    const mappings = plan([{ snapshotId: 's-sys' }, { snapshotId: 's-data', device: '/dev/xvdb' }, { diskType: 'data' }, { diskType: 'data', sizeGiB: 2000 }]);
    expect(mappings.map((m) => [m.device, m.type, m.sizeGiB, m.snapshotId])).toEqual([
      ['/dev/xvda', 'system', 40, 's-sys'],
      ['/dev/xvdb', 'data', 100, 's-data'],
      ['/dev/xvdc', 'data', 5, null],
      ['/dev/xvdd', 'data', 2000, null],
    ]);
    expect(apiError(() => plan([{ snapshotId: 's-sys' }, { diskType: 'data', sizeGiB: 2001 }]))).toMatchObject({ code: 'InvalidSize.ValueNotSupported' });
    expect(apiError(() => plan([{ snapshotId: 's-sys' }, { snapshotId: 's-data', sizeGiB: 50 }]))).toMatchObject({ code: 'InvalidSize.ValueNotSupported' });
    expect(apiError(() => plan([{ snapshotId: 's-sys' }, { diskType: 'data', device: '/dev/sdb' }]))).toMatchObject({ code: 'InvalidDevice.Malformed' });
    expect(apiError(() => plan([{ snapshotId: 's-sys' }, { diskType: 'data', device: '/dev/xvdb' }, { diskType: 'data', device: '/dev/xvdb' }]))).toMatchObject(
      {
        code: 'InvalidDevice.InUse',
      },
    );
    expect(apiError(() => plan([{ snapshotId: 's-sys' }, ...Array.from({ length: 17 }, () => ({ diskType: 'data' }))])).code).toBe('InvalidParameter');
  });
});

describe('sharing, deprecating, disabling', () => {
  const friends = Array.from({ length: 12 }, (_, i) => String(200000000000 + i));

  it('adds the first 10 accounts of a call, keeps SharedTime, removes, and stops at the per-image maximum', () => {
    const shared = applyShareChange(custom(), { add: friends.slice(0, 11), remove: [], maxAccounts: 50, now: T0 });
    expect(shared.sharedWith).toEqual(friends.slice(0, 10));
    expect(shared.sharedTimes![friends[0]!]).toBe(T0.toISOString());
    const again = applyShareChange(shared, { add: [friends[0]!], remove: [friends[1]!], maxAccounts: 50, now: at(60) });
    expect(again.sharedTimes![friends[0]!]).toBe(T0.toISOString());
    expect(again.sharedWith).not.toContain(friends[1]);
    expect(apiError(() => applyShareChange(shared, { add: friends.slice(10, 12), remove: [], maxAccounts: 11, now: T0 }))).toMatchObject({
      code: 'QuotaExceed.ShareImageUser',
      status: 403,
    });
    expect(apiError(() => applyShareChange(custom(), { add: [OWNER], remove: [], maxAccounts: 50, now: T0 }))).toMatchObject({
      code: 'InvalidAccount.Forbbiden',
    });
  });

  it('shares only Available, unencrypted, enabled images; removing shares always works', () => {
    const share = (image: ImageRecord) => apiError(() => applyShareChange(image, { add: [FRIEND], remove: [], maxAccounts: 50, now: T0 }));
    expect(share(custom({ status: 'Deprecated' }))).toMatchObject({ code: 'IncorrectImageStatus' });
    expect(share(custom({ status: 'Creating' }))).toMatchObject({ code: 'IncorrectImageStatus' });
    expect(share(custom({ disabled: true }))).toMatchObject({ code: 'IncorrectImageStatus' });
    expect(share(custom({ diskDeviceMappings: [{ device: '/dev/xvda', snapshotId: 's', sizeGiB: 40, type: 'system', encrypted: true }] }))).toMatchObject({
      code: 'OperationDeined.EncryptedSnapshot',
    });
    expect(
      applyShareChange(custom({ status: 'Deprecated', sharedWith: [FRIEND] }), { add: [], remove: [FRIEND], maxAccounts: 50, now: T0 }).sharedWith,
    ).toEqual([]);
  });

  it('deprecates only an unshared image, and not a disabled or unfinished one', () => {
    expect(setImageStatus(custom(), 'Deprecated', T0).status).toBe('Deprecated');
    expect(setImageStatus(custom({ status: 'Deprecated' }), 'Available', T0).status).toBe('Available');
    expect(apiError(() => setImageStatus(custom({ sharedWith: [FRIEND] }), 'Deprecated', T0))).toMatchObject({ code: 'ImageUseShared', status: 403 });
    expect(apiError(() => setImageStatus(custom({ isPublic: true }), 'Deprecated', T0))).toMatchObject({ code: 'ImageUseShared' });
    expect(apiError(() => setImageStatus(custom({ disabled: true }), 'Deprecated', T0))).toMatchObject({ code: 'IncorrectImageStatus' });
    expect(apiError(() => setImageStatus(custom({ status: 'Creating' }), 'Deprecated', T0))).toMatchObject({ code: 'IncorrectImageStatus' });
  });

  it('disabling drops every share and the public flag; enabling does not bring them back (seed 002)', () => {
    const shared = custom({ sharedWith: [FRIEND], sharedTimes: { [FRIEND]: T0.toISOString() }, isPublic: true });
    const disabled = disableImage(shared);
    expect(disabled).toMatchObject({ disabled: true, sharedWith: [], isPublic: false });
    expect(disableImage(disabled)).toBe(disabled);
    const enabled = enableImage(disabled);
    expect(enabled).toMatchObject({ disabled: false, sharedWith: [], isPublic: false, status: 'Available' });
    expect(enableImage(enabled)).toBe(enabled);
    expect(disableImage(custom({ status: 'Deprecated' })).status).toBe('Deprecated');
    expect(apiError(() => disableImage(custom({ status: 'Creating' })))).toMatchObject({ code: 'IncorrectImageStatus' });
  });

  it('hides disabled images from DescribeImages unless IncludeDisabled, and matches them by their old status or UnAvailable', () => {
    const disabled = custom({ imageId: 'm-disabled', disabled: true });
    const ids = (filter: Parameters<typeof filterImages>[2]) => filterImages([custom(), disabled], OWNER, filter).map((i) => i.imageId);
    expect(ids({ ownerAlias: 'self' })).toEqual(['m-bp1test0000000000001']);
    expect(ids({ ownerAlias: 'self', includeDisabled: true }).sort()).toEqual(['m-bp1test0000000000001', 'm-disabled']);
    expect(ids({ ownerAlias: 'self', includeDisabled: true, status: 'UnAvailable' })).toEqual(['m-disabled']);
    expect(ids({ ownerAlias: 'self', status: 'UnAvailable' })).toEqual([]);
    expect(filterImages([disabled], FRIEND, { includeDisabled: true })).toEqual([]);
  });
});

describe('copy, export and delete rules', () => {
  const published = (imageId: string, regionId: string) => imageId === 'm-market' && regionId === 'cn-shanghai';

  it('copies only Available images under 100 GB, marketplace descendants only where published', () => {
    const copyTo =
      (image: ImageRecord, destinationRegionId = 'cn-shanghai') =>
      () =>
        checkCopySource(image, { destinationRegionId, publishedIn: published });
    expect(copyTo(custom())).not.toThrow();
    const big = custom({
      diskDeviceMappings: [
        { device: '/dev/xvda', snapshotId: 's', sizeGiB: 60, type: 'system' },
        { device: '/dev/xvdb', snapshotId: 't', sizeGiB: 40, type: 'data' },
      ],
    });
    expect(apiError(copyTo(big))).toMatchObject({ code: 'SizeExceed.Image', status: 403 });
    expect(apiError(copyTo(custom({ status: 'Deprecated' })))).toMatchObject({ code: 'IncorrectImageStatus' });
    expect(apiError(copyTo(custom({ disabled: true })))).toMatchObject({ code: 'IncorrectImageStatus' });
    const fromMarket = custom({ marketplaceOrigin: { imageId: 'm-market', productCode: 'cmjj1' } });
    expect(copyTo(fromMarket)).not.toThrow();
    expect(apiError(copyTo(fromMarket, 'cn-beijing'))).toMatchObject({ code: 'OperationDenied.NotPublished', status: 403 });
  });

  it('exports no image with data disks, from the marketplace, encrypted, or already exporting (guide L2859-2861)', () => {
    const exportOf = (image: ImageRecord) => () => checkExport(image, T0);
    expect(exportOf(custom())).not.toThrow();
    expect(
      apiError(exportOf(custom({ diskDeviceMappings: [...custom().diskDeviceMappings, { device: '/dev/xvdb', snapshotId: null, sizeGiB: 5, type: 'data' }] }))),
    ).toMatchObject({
      code: 'OperationDenied',
    });
    expect(apiError(exportOf(custom({ marketplaceOrigin: { imageId: 'm-market', productCode: 'c' } })))).toMatchObject({
      code: 'ImageNotSupported',
      status: 403,
    });
    expect(apiError(exportOf(custom({ exporting: { taskId: 't-1', until: iso(60) } })))).toMatchObject({ code: 'ImageIsExporting' });
    expect(exportOf(custom({ exporting: { taskId: 't-1', until: iso(0) } }))).not.toThrow();
  });

  it('deletes a shared or used image only with Force, and never one under construction, exporting or being copied', () => {
    const del =
      (image: ImageRecord, force = false, instancesUsing = 0) =>
      () =>
        checkDeleteImage(image, { now: T0, force, instancesUsing });
    expect(del(custom())).not.toThrow();
    expect(apiError(del(custom(), false, 2))).toMatchObject({
      code: 'ImageUsingByInstance',
      status: 403,
      message: 'The specified image has been used to create instances.',
    });
    expect(del(custom(), true, 2)).not.toThrow();
    expect(apiError(del(custom({ sharedWith: [FRIEND] })))).toMatchObject({ code: 'ImageUseShared' });
    expect(del(custom({ sharedWith: [FRIEND] }), true)).not.toThrow();
    const building = (kind: 'create' | 'copy' | 'import') =>
      custom({ status: 'Creating', build: { kind, queuedAt: iso(0), startAt: iso(0), readyAt: iso(60), outcome: 'Available' } });
    expect(apiError(del(building('create'), true))).toMatchObject({ code: 'ImageIsCreating' });
    expect(apiError(del(building('copy'), true))).toMatchObject({ code: 'OperationDenied.ImageCopying' });
    expect(apiError(del(building('import'), true))).toMatchObject({ code: 'ImageIsImporting' });
    expect(apiError(del(custom({ copiesInFlight: [{ imageId: 'm-x', regionId: 'cn-shanghai', accountId: OWNER, until: iso(60) }] }), true))).toMatchObject({
      code: 'OperationDenied.ImageCopying',
    });
  });
});

describe('planImport', () => {
  const disk = (extra: Record<string, unknown> = {}) => ({ ossBucket: 'b', ossObject: 'disk.raw', ...extra });
  const plan = (extra: Record<string, unknown> = {}, disks = [disk()]) => planImport({ disks, ...extra }, 'cn-hangzhou');

  it('takes RAW, VHD and QCOW2 (from Format or the extension), refuses ISO and the rest', () => {
    expect(plan().disks[0]).toMatchObject({ format: 'RAW', sizeGiB: 40, device: '/dev/xvda', type: 'system' });
    expect(plan({}, [disk({ ossObject: 'x.qcow2' })]).disks[0]!.format).toBe('QCOW2');
    expect(plan({}, [disk({ ossObject: 'x', format: 'vhd' })]).disks[0]!.format).toBe('VHD');
    expect(apiError(() => plan({}, [disk({ ossObject: 'x.iso' })]))).toMatchObject({ code: 'InvalidImageFormat.Malformed' });
    expect(apiError(() => plan({}, [disk({ format: 'VMDK' })]))).toMatchObject({ code: 'InvalidImageFormat.Malformed' });
    // A file whose extension contradicts the declared format fails at the end of the task.
    expect(plan({}, [disk({ ossObject: 'x.vhd', format: 'RAW' })]).failure).toMatchObject({ code: 'ImportImageFailed' });
    expect(apiError(() => plan({}, []))).toMatchObject({ code: 'MissingParameter.DiskDeviceMapping', status: 403 });
  });

  it('checks the OS, platform, architecture and the system disk ranges (Linux 20–500, Windows 40–500 GB)', () => {
    expect(plan({}, [disk({ sizeGiB: 20 })]).disks[0]!.sizeGiB).toBe(20);
    expect(apiError(() => plan({}, [disk({ sizeGiB: 19 })]))).toMatchObject({ code: 'InvalidImageSize' });
    expect(apiError(() => plan({ osType: 'windows' }, [disk({ sizeGiB: 39 })]))).toMatchObject({ code: 'InvalidImageSize' });
    expect(plan({ osType: 'windows', platform: 'windows server 2008' }).platform).toBe('Windows Server 2008');
    expect(apiError(() => plan({ osType: 'windows', platform: 'Windows 7' }))).toMatchObject({ code: 'InvalidPlatform.Malformed' });
    expect(apiError(() => plan({ platform: 'Windows Server 2012' }))).toMatchObject({ code: 'InvalidPlatform.Malformed' });
    expect(apiError(() => plan({ architecture: 'mips' }))).toMatchObject({ code: 'InvalidArchitecture.Malformed' });
    expect(apiError(() => plan({ licenseType: 'Free' }))).toMatchObject({ code: 'InvalidLicenseType.NotSupported' });
    expect(plan({}, [disk(), disk({ sizeGiB: 100 })]).disks.map((d) => [d.device, d.type])).toEqual([
      ['/dev/xvda', 'system'],
      ['/dev/xvdb', 'data'],
    ]);
  });

  it('accepts a public OSS address of the region; refuses internal and private addresses and other regions (seed 004)', () => {
    expect(() => checkOssLocation('b', 'https://b.oss-cn-hangzhou.aliyuncs.com/x.raw', 'cn-hangzhou')).not.toThrow();
    expect(() => checkOssLocation('b', 'folder/x.raw', 'cn-hangzhou')).not.toThrow();
    expect(apiError(() => checkOssLocation('b', 'https://b.oss-cn-hangzhou-internal.aliyuncs.com/x.raw', 'cn-hangzhou'))).toMatchObject({
      code: 'InvalidOSSObject.NotFound',
    });
    expect(apiError(() => checkOssLocation('b.oss-cn-hangzhou-internal.aliyuncs.com', 'x.raw', 'cn-hangzhou')).code).toBe('InvalidOSSObject.NotFound');
    expect(apiError(() => checkOssLocation('b', 'http://192.168.1.20/x.raw', 'cn-hangzhou')).code).toBe('InvalidOSSObject.NotFound');
    expect(apiError(() => checkOssLocation('b', 'https://b.oss-cn-beijing.aliyuncs.com/x.raw', 'cn-hangzhou')).message).toContain('this region');
  });
});

describe('tasks', () => {
  const t: TaskRecord = {
    taskId: 't-1',
    accountId: OWNER,
    regionId: 'cn-hangzhou',
    taskAction: 'ImportImage',
    resourceId: 'm-1',
    creationTime: iso(0),
    startAt: iso(0),
    completeAt: iso(100),
    outcome: 'Finished',
    status: 'Processing',
    relatedItems: [],
  };

  it('is Processing with a percentage, then ends as planned', () => {
    expect(taskProgress(t, at(25))).toBe(25);
    expect(settleTask(t, at(99)).status).toBe('Processing');
    expect(settleTask(t, at(100))).toMatchObject({ status: 'Finished', finishedTime: iso(100) });
    expect(taskProgress(t, at(100))).toBe(100);
    expect(settleTask({ ...t, outcome: 'Failed' }, at(100)).status).toBe('Failed');
    expect(renderTaskAttribute(settleTask(t, at(100)), at(100))).toMatchObject({
      TaskStatus: 'Finished',
      TaskProcess: '100%',
      SupportCancel: 'false',
      CreationTime: '2025-03-01T00:00Z',
    });
  });

  it('cancels only a running task; it ends Failed where it stood', () => {
    const cancelled = cancelTask(t, at(40));
    expect(cancelled).toMatchObject({ status: 'Failed', finishedTime: iso(40), failure: { code: 'TaskCancelled' } });
    expect(taskProgress(cancelled, at(90))).toBe(40);
    expect(apiError(() => cancelTask(cancelled, at(50)))).toMatchObject({ code: 'InvalidTaskId.IncorrectTaskStatus', status: 403 });
    expect(apiError(() => cancelTask(t, at(100)))).toMatchObject({ code: 'InvalidTaskId.IncorrectTaskStatus' });
  });

  it('filters by ids, action, status (unknown values ignored), resource and creation time', () => {
    const other: TaskRecord = { ...t, taskId: 't-2', taskAction: 'ExportImage', resourceId: 'm-2', creationTime: iso(50), status: 'Finished' };
    const ids = (f: Parameters<typeof filterTasks>[1]) => filterTasks([t, other], f).map((x) => x.taskId);
    expect(ids({})).toEqual(['t-2', 't-1']);
    expect(ids({ taskAction: 'ImportImage' })).toEqual(['t-1']);
    expect(ids({ taskStatus: 'Finished' })).toEqual(['t-2']);
    expect(ids({ taskStatus: 'Cancelled' })).toEqual(['t-2', 't-1']);
    expect(ids({ resourceIds: ['m-1'] })).toEqual(['t-1']);
    expect(ids({ taskIds: ['t-2'], startTime: at(10).getTime() })).toEqual(['t-2']);
    expect(ids({ endTime: at(10).getTime() })).toEqual(['t-1']);
  });
});
