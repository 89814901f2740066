import { describe, expect, it } from 'vitest';
import {
  cancelImageDeprecation,
  checkCopySource,
  checkShareable,
  deprecationTimeFor,
  filterImages,
  renderEcsImage,
  scheduleImageDeprecation,
  setImageStatus,
  settleImage,
  type ImageRecord,
} from '../../shared/domain/image';
import { thrownApiError } from '../support/api-error';
import { customImage, FRIEND, OWNER } from '../support/image-fixture';

/**
 * The one deprecation rule (shared/domain/image/status-changes.ts): EC2's EnableImageDeprecation and
 * DisableImageDeprecation and ECS's ModifyImageAttribute Status all write `deprecationTime`;
 * settleImage makes the image Deprecated once it has passed on the sandbox clock.
 */
const apiError = thrownApiError;

const NOW = new Date('2026-05-10T12:00:00.000Z');

const custom = (overrides: Partial<ImageRecord> = {}): ImageRecord =>
  customImage({ imageId: 'm-bp1deprecate00000001', creationTime: '2026-01-01T00:00:00.000Z', ...overrides });

describe('deprecationTimeFor: rounding and limits (ec2-api.md §4.9)', () => {
  it('rounds seconds to the nearest minute and answers the EC2 form with milliseconds', () => {
    expect(deprecationTimeFor(custom(), '2030-01-02T03:04:05Z', NOW)).toBe('2030-01-02T03:04:00.000Z');
    expect(deprecationTimeFor(custom(), '2030-01-02T03:04:29.999Z', NOW)).toBe('2030-01-02T03:04:00.000Z');
    expect(deprecationTimeFor(custom(), '2030-01-02T03:04:30Z', NOW)).toBe('2030-01-02T03:05:00.000Z');
    expect(deprecationTimeFor(custom(), '2030-01-02T23:59:45.000Z', NOW)).toBe('2030-01-03T00:00:00.000Z');
    expect(deprecationTimeFor(custom(), '2030-01-02T03:04Z', NOW)).toBe('2030-01-02T03:04:00.000Z');
  });

  it('refuses a malformed time, an impossible date and a zone other than UTC', () => {
    for (const bad of ['tomorrow', '2030-02-30T00:00:00Z', '2030-01-02T03:04:05+08:00', '2030-01-02 03:04:05', '']) {
      expect(apiError(() => deprecationTimeFor(custom(), bad, NOW))).toMatchObject({ code: 'InvalidDeprecationTime.Malformed', status: 400 });
    }
  });

  it('refuses a time in the past, now, and one that rounds to now', () => {
    expect(apiError(() => deprecationTimeFor(custom(), '2026-05-10T11:59:00Z', NOW))).toMatchObject({ code: 'InvalidDeprecationTime', status: 400 });
    expect(apiError(() => deprecationTimeFor(custom(), '2026-05-10T12:00:00Z', NOW))).toMatchObject({ code: 'InvalidDeprecationTime' });
    expect(apiError(() => deprecationTimeFor(custom(), '2026-05-10T12:00:29Z', NOW))).toMatchObject({ code: 'InvalidDeprecationTime' });
    expect(deprecationTimeFor(custom(), '2026-05-10T12:00:30Z', NOW)).toBe('2026-05-10T12:01:00.000Z');
  });

  it('allows at most 10 years ahead, and for a public image at most 2 years after its creation', () => {
    expect(deprecationTimeFor(custom(), '2036-05-10T12:00:00Z', NOW)).toBe('2036-05-10T12:00:00.000Z');
    expect(apiError(() => deprecationTimeFor(custom(), '2036-05-10T12:01:00Z', NOW)).message).toContain('10 years');
    const published = custom({ isPublic: true });
    expect(deprecationTimeFor(published, '2028-01-01T00:00:00Z', NOW)).toBe('2028-01-01T00:00:00.000Z');
    expect(apiError(() => deprecationTimeFor(published, '2028-01-01T00:01:00Z', NOW))).toMatchObject({ code: 'InvalidDeprecationTime' });
    expect(apiError(() => deprecationTimeFor(published, '2028-01-01T00:01:00Z', NOW)).message).toContain('2 years after its creation');
  });
});

describe('one rule: the deprecation time decides Status', () => {
  const scheduled = scheduleImageDeprecation(custom(), '2026-05-10T13:00:00Z', NOW);

  it('is Available until the time and Deprecated from it on (settle on read)', () => {
    expect(scheduled).toMatchObject({ status: 'Available', deprecationTime: '2026-05-10T13:00:00.000Z' });
    expect(settleImage(scheduled, new Date('2026-05-10T12:59:59.999Z')).status).toBe('Available');
    expect(settleImage(scheduled, new Date('2026-05-10T13:00:00.000Z')).status).toBe('Deprecated');
    // Unchanged records keep their identity (the actions compare to decide whether to write).
    expect(settleImage(scheduled, NOW)).toBe(scheduled);
  });

  it('applies after a build finishes, and under the disabled flag', () => {
    const building = custom({
      status: 'Creating',
      progress: 10,
      deprecationTime: '2026-05-10T12:30:00.000Z',
      build: { kind: 'create', queuedAt: NOW.toISOString(), startAt: NOW.toISOString(), readyAt: '2026-05-10T13:00:00.000Z', outcome: 'Available' },
    });
    expect(settleImage(building, new Date('2026-05-10T12:45:00Z')).status).toBe('Creating');
    expect(settleImage(building, new Date('2026-05-10T13:00:00Z')).status).toBe('Deprecated');
    const disabled = { ...scheduled, disabled: true };
    expect(settleImage(disabled, new Date('2026-05-10T14:00:00Z')).status).toBe('Deprecated');
  });

  it('once passed, a deprecated image cannot be shared or copied, but sharing stays and sharees lose it from the default view', () => {
    const shared = scheduleImageDeprecation(custom({ sharedWith: [FRIEND] }), '2026-05-10T13:00:00Z', NOW);
    expect(() => checkShareable(settleImage(shared, NOW))).not.toThrow();
    const later = settleImage(shared, new Date('2026-05-10T14:00:00Z'));
    expect(later).toMatchObject({ status: 'Deprecated', sharedWith: [FRIEND] });
    expect(apiError(() => checkShareable(later))).toMatchObject({ code: 'IncorrectImageStatus' });
    expect(apiError(() => checkCopySource(later, { destinationRegionId: 'cn-shanghai', publishedIn: () => true }))).toMatchObject({
      code: 'IncorrectImageStatus',
    });
    expect(filterImages([later], FRIEND, {}).map((i) => i.imageId)).toEqual([]);
    expect(filterImages([later], FRIEND, { status: 'Deprecated' }).map((i) => i.imageId)).toEqual([later.imageId]);
  });

  it('a new future time makes a deprecated image Available again until then; cancelling removes the time', () => {
    const deprecated = settleImage(scheduled, new Date('2026-05-10T14:00:00Z'));
    const later = new Date('2026-05-10T14:00:00Z');
    const rescheduled = scheduleImageDeprecation(deprecated, '2026-05-11T00:00:00Z', later);
    expect(rescheduled).toMatchObject({ status: 'Available', deprecationTime: '2026-05-11T00:00:00.000Z' });
    const cancelled = cancelImageDeprecation(deprecated);
    expect(cancelled.status).toBe('Available');
    expect('deprecationTime' in cancelled).toBe(false);
    expect(settleImage(cancelled, new Date('2040-01-01T00:00:00Z')).status).toBe('Available');
    // Idempotent: nothing to cancel, the same record.
    const plain = custom();
    expect(cancelImageDeprecation(plain)).toBe(plain);
  });

  it('a refused time changes nothing', () => {
    const image = custom({ deprecationTime: '2026-06-01T00:00:00.000Z' });
    expect(apiError(() => scheduleImageDeprecation(image, '2020-01-01T00:00:00Z', NOW)).code).toBe('InvalidDeprecationTime');
    expect(image.deprecationTime).toBe('2026-06-01T00:00:00.000Z');
  });

  it('ECS Status=Deprecated deprecates now (the current minute), Status=Available is the same cancel', () => {
    const now = new Date('2026-05-10T12:34:56.789Z');
    const deprecated = setImageStatus(custom(), 'Deprecated', now);
    expect(deprecated).toMatchObject({ status: 'Deprecated', deprecationTime: '2026-05-10T12:34:00.000Z' });
    expect(settleImage(deprecated, now).status).toBe('Deprecated');
    const back = setImageStatus(deprecated, 'Available', now);
    expect(back.status).toBe('Available');
    expect(back.deprecationTime).toBeUndefined();
    // Scheduled but not yet passed: Status=Available cancels it as well.
    expect(setImageStatus(scheduled, 'Available', NOW).deprecationTime).toBeUndefined();
  });

  it('the ECS view carries DeprecationTime (seconds form) only when there is one', () => {
    expect(renderEcsImage(scheduled, OWNER).DeprecationTime).toBe('2026-05-10T13:00:00Z');
    expect('DeprecationTime' in renderEcsImage(custom(), OWNER)).toBe(false);
    expect(renderEcsImage(settleImage(scheduled, new Date('2026-05-11T00:00:00Z')), OWNER).Status).toBe('Deprecated');
  });
});
