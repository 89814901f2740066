/**
 * ActionTrail's read/write type of an event (`eventRW`, a LookupEvents lookup
 * attribute: https://www.alibabacloud.com/help/en/actiontrail/support/how-to-set-the-lookupattribute-parameter).
 * ActionTrail records read calls too, marked `Read`; so does the sandbox. An API
 * call that only reads (Describe*, List*, Lookup*, Get*, in either dialect) is
 * `Read`; every other call, and every lifecycle, notice and alert event (what
 * ActionTrail files as service events), is `Write`.
 */
export type EventRW = 'Read' | 'Write';

const READ_ACTION = /^(?:ec2:)?(?:Describe|List|Lookup|Get)[A-Z]/;

export function eventRwOf(e: { EventName: string; ActionName?: string }): EventRW {
  return e.EventName === 'ApiCall' && READ_ACTION.test(e.ActionName ?? '') ? 'Read' : 'Write';
}
