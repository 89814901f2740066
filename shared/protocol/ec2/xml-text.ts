/**
 * XML text for the EC2 answers: escaping, and the error document, which the front door writes
 * without the EC2 model (codec.ts, loaded on a request's first need of the model; docs/packaging.md).
 */

/** Any character escapeXml changes or drops: most values have none, and skip both replacements. */
const NEEDS_ESCAPING = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

export function escapeXml(s: string): string {
  if (!NEEDS_ESCAPING.test(s)) return s;
  return (
    s
      .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
      // Characters XML 1.0 cannot carry at all.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
  );
}

/** The EC2 error document (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html): note `RequestID`, not `requestId`. */
export function writeError(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(
    message,
  )}</Message></Error></Errors><RequestID>${escapeXml(requestId)}</RequestID></Response>`;
}
