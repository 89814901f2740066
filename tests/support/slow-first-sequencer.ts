import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Stack files that start first, in this order. vitest runs the files it has timed before longest
 * first, but a fresh clone (CI) has no timings and it runs larger files first, which left
 * due-times (100 s of real-time waiting in a small file) for the end of the run. That file alone
 * was then the run's tail. control-plane exports and resets the whole sandbox, so it takes 8 s
 * on a new sandbox and 70–97 s after every other file has filled it (docs/test-loop.md).
 */
const SLOW_FIRST = [
  'tests/e2e/due-times.test.ts',
  'tests/e2e/control-plane.test.ts',
  'tests/e2e/events-webhooks.test.ts',
  'tests/e2e/property.test.ts',
  'tests/e2e/images-faq.test.ts',
  'tests/e2e/disks.test.ts',
  'tests/integration/restart.test.ts',
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => SLOW_FIRST.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
    const slow = sorted.filter((s) => rank(s) >= 0).sort((a, b) => rank(a) - rank(b));
    if (slow.length === 0) return sorted;
    // In front of the first file of their project, so the order of projects and groups stays vitest's.
    const rest = sorted.filter((s) => rank(s) < 0);
    const at = rest.findIndex((s) => s.project.name === slow[0]!.project.name);
    return at < 0 ? [...rest, ...slow] : [...rest.slice(0, at), ...slow, ...rest.slice(at)];
  }
}
