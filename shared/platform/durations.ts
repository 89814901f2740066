import { lifecycle, storage } from './config';

/**
 * Duration profiles: how long the sandbox's asynchronous work takes on its clock.
 *
 * - `quick` (default): everything finishes within seconds of real time, still growing with size so
 *   progress is visible, and the aws CLI / boto3 waiters (15 s × 40 polls) and the SDKs' polling
 *   loops succeed without moving the clock: a 40 GiB image in 20 s, a cross-region copy of it in
 *   40 s, an instance step in 5 s.
 * - `realistic`: the guide's figures ("a 40 GB snapshot takes about 40 minutes", 60 s per GiB,
 *   docs/ of the seed guide: user guide L1693; import "typically 1–4 hours", L2812).
 *
 * The profile comes from SANDBOX_DURATIONS at start and can be switched at run time through the
 * control plane (`PUT /_sandbox/durations`); the switch is stored beside the clock offset and every
 * request applies it when it reads the clock, so all Lambdas agree. Explicit variables
 * (SANDBOX_TRANSITION_SECONDS, SANDBOX_SNAPSHOT_SECONDS_PER_GIB) win over either profile.
 */
export type DurationsProfile = 'quick' | 'realistic';
export const DURATIONS_PROFILES: readonly DurationsProfile[] = ['quick', 'realistic'];

export interface Durations {
  /** Each transitional instance or disk state (Pending, Starting, Stopping, Attaching, ...). */
  transitionSeconds: number;
  /** A snapshot (and so an image made from an instance) per GiB copied. */
  snapshotSecondsPerGiB: number;
  /** CopyImage per GiB of the image's disks. */
  copySecondsPerGiB: number;
  importBaseSeconds: number;
  importSecondsPerGiB: number;
  importMaxSeconds: number;
  exportSecondsPerGiB: number;
}

const PROFILES: Record<DurationsProfile, Durations> = {
  quick: {
    transitionSeconds: 5,
    snapshotSecondsPerGiB: 0.5,
    copySecondsPerGiB: 1,
    importBaseSeconds: 10,
    importSecondsPerGiB: 0.5,
    importMaxSeconds: 300,
    exportSecondsPerGiB: 0.5,
  },
  realistic: {
    transitionSeconds: 5,
    snapshotSecondsPerGiB: 60,
    copySecondsPerGiB: 60,
    importBaseSeconds: 3600,
    importSecondsPerGiB: 20,
    importMaxSeconds: 4 * 3600,
    exportSecondsPerGiB: 30,
  },
};

export const isDurationsProfile = (v: unknown): v is DurationsProfile => v === 'quick' || v === 'realistic';

const fromEnv = (name: string): number | undefined => {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** The profile named at start (SANDBOX_DURATIONS), `quick` when unset or unknown. */
export const startupProfile = (): DurationsProfile => (isDurationsProfile(process.env.SANDBOX_DURATIONS) ? process.env.SANDBOX_DURATIONS : 'quick');

/** The image figures of the active profile; shared/domain/image/limits.ts reads them. */
export const imageTiming = { ...PROFILES[startupProfile()] };

let active: DurationsProfile | undefined;

/** Makes `profile` the one every duration is read from (config's lifecycle and storage, imageTiming). */
export function applyDurations(profile: DurationsProfile): void {
  if (active === profile) return;
  active = profile;
  const d = PROFILES[profile];
  Object.assign(imageTiming, d);
  lifecycle.transitionSeconds = fromEnv('SANDBOX_TRANSITION_SECONDS') ?? d.transitionSeconds;
  storage.snapshotSecondsPerGiB = fromEnv('SANDBOX_SNAPSHOT_SECONDS_PER_GIB') ?? d.snapshotSecondsPerGiB;
}

export const activeDurations = (): { Profile: DurationsProfile } & Durations => {
  const profile = active ?? startupProfile();
  return { Profile: profile, ...PROFILES[profile], transitionSeconds: lifecycle.transitionSeconds, snapshotSecondsPerGiB: storage.snapshotSecondsPerGiB };
};

applyDurations(startupProfile());
