import { ApiError } from '../../domain/errors';
import { unflattenParams } from '../unflatten';
import { EC2_MODEL } from './model.generated';
import type { ListShape, Shape, StructureShape } from './model';
import { EC2_API_VERSION } from './api-version';
import { escapeXml, writeError } from './xml-text';

// What the front door needs before the model (request.ts, dispatch.ts) lives in small modules of its
// own, so the EC2 door loads this codec and its model on its first request (docs/packaging.md).
export { EC2_API_VERSION, escapeXml, writeError };

/**
 * The EC2 Query codec, driven by the API model (model.generated.ts) the way the AWS SDKs'
 * own "ec2" protocol is (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html):
 *
 * - `readInput` turns the flat form parameters (`Filter.1.Value.2`, `TagSpecification.1.Tag.1.Key`,
 *   `LaunchPermission.Add.1.UserId`) into the operation's input structure under the SDK member
 *   names (`Filters[0].Values[1]`, ...), typed (integers, booleans, timestamps), and checks the
 *   model's required members (`MissingParameter`). Unknown parameters are ignored (§5: new clients
 *   keep adding optional ones).
 * - `writeOutput` writes an output structure given under SDK member names as the XML the clients
 *   parse: model element names, `<item>` list members, every top-level list wrapper even when
 *   empty, lowercase booleans, ISO-8601 timestamps with milliseconds.
 *
 * No operation is written by hand: adding an operation is adding it to the model's list.
 */
export const EC2_XMLNS = `http://ec2.amazonaws.com/doc/${EC2_API_VERSION}/`;

const shape = (name: string): Shape => {
  const s = EC2_MODEL.shapes[name];
  if (!s) throw new Error(`EC2 model has no shape ${name}`);
  return s;
};

export const isEc2Operation = (action: string): boolean => Object.prototype.hasOwnProperty.call(EC2_MODEL.operations, action);

export const Ec2WireErrors = {
  missingParameter: (name: string) => new ApiError('MissingParameter', 400, `The request must contain the parameter ${name}`),
  invalidValue: (name: string, value: string, expected: string) =>
    new ApiError('InvalidParameterValue', 400, `Value (${value}) for parameter ${name} is invalid. Expected: '${expected}'.`),
};

// ---------------------------------------------------------------------------------------------
// Requests

type Tree = unknown;

/** The input of `action` from its flat wire parameters (Action and Version already removed). */
export function readInput(action: string, flat: Record<string, string>): Record<string, unknown> {
  const op = EC2_MODEL.operations[action];
  if (!op?.input) return {};
  const tree = unflattenParams(flat);
  return readStructure(shape(op.input) as StructureShape, tree, '') ?? {};
}

function readValue(s: Shape, node: Tree, path: string): unknown {
  switch (s.type) {
    case 'structure':
      return readStructure(s, node, path);
    case 'list':
      return readList(s, node, path);
    default:
      return readScalar(s.type, node, path);
  }
}

function readStructure(s: StructureShape, node: Tree, path: string): Record<string, unknown> | undefined {
  if (node === undefined) return undefined;
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw Ec2WireErrors.invalidValue(path, String(node), 'structure');
  }
  const out: Record<string, unknown> = {};
  const obj = node as Record<string, Tree>;
  for (const [member, [shapeName, query]] of Object.entries(s.members)) {
    if (!Object.prototype.hasOwnProperty.call(obj, query)) continue;
    const value = readValue(shape(shapeName), obj[query], path ? `${path}.${query}` : query);
    if (value !== undefined) out[member] = value;
  }
  for (const req of s.required ?? []) {
    if (out[req] === undefined || out[req] === '') {
      const query = s.members[req]![1];
      throw Ec2WireErrors.missingParameter(path ? `${path}.${query}` : query);
    }
  }
  return out;
}

function readList(s: ListShape, node: Tree, path: string): unknown[] | undefined {
  if (node === undefined) return undefined;
  const member = shape(s.member);
  // `Name.N` arrives as an array; a lone `Name=x` (legacy form) counts as a one-element list.
  const items = Array.isArray(node) ? node : [node];
  return items.map((item, i) => readValue(member, item, `${path}.${i + 1}`)).filter((v) => v !== undefined);
}

function readScalar(type: Shape['type'], node: Tree, path: string): unknown {
  if (node === undefined) return undefined;
  if (typeof node !== 'string') throw Ec2WireErrors.invalidValue(path, '…', type);
  const v = node;
  switch (type) {
    case 'integer':
    case 'long': {
      if (!/^-?[0-9]{1,16}$/.test(v.trim())) throw Ec2WireErrors.invalidValue(path, v, type);
      return Number(v.trim());
    }
    case 'double':
    case 'float': {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) throw Ec2WireErrors.invalidValue(path, v, type);
      return n;
    }
    case 'boolean': {
      const t = v.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
      throw Ec2WireErrors.invalidValue(path, v, 'boolean');
    }
    case 'timestamp': {
      const t = v.trim();
      const ms = /^[0-9]+(\.[0-9]+)?$/.test(t) ? Number(t) * 1000 : Date.parse(t);
      // A finite number beyond Date's range (±8.64e15 ms) is still no time.
      if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) throw Ec2WireErrors.invalidValue(path, v, 'timestamp');
      return new Date(ms);
    }
    default:
      return v;
  }
}

// ---------------------------------------------------------------------------------------------
// Responses

/** The `<{Action}Response>` document for an output given under SDK member names. */
export function writeOutput(action: string, requestId: string, output: Record<string, unknown> | undefined, opts: { emptyLists?: boolean } = {}): string {
  const op = EC2_MODEL.operations[action];
  const root = `${action}Response`;
  let body = `<requestId>${escapeXml(requestId)}</requestId>`;
  if (op?.output) {
    body += writeStructureMembers(shape(op.output) as StructureShape, output ?? {}, opts.emptyLists ?? true);
  } else {
    // Operations without an output shape answer `<return>true</return>` (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html).
    body += '<return>true</return>';
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${EC2_XMLNS}">${body}</${root}>`;
}

const keepsEmptyTagSet = (s: StructureShape): boolean => EC2_MODEL.shapes.InternetGateway === s || EC2_MODEL.shapes.NetworkInterface === s;

/** A structure member as the writer walks it: its shape looked up once per model shape, not per value. */
interface WrittenMember {
  member: string;
  shape: Shape;
  element: string;
}

const writtenMembersOf = new WeakMap<StructureShape, WrittenMember[]>();

/**
 * The members of `s` in model order, resolved once: a page of 100 instances walks the Instance
 * shape's members 100 times, and looking each member's shape up again every time was most of the
 * answer's render time.
 */
function writtenMembers(s: StructureShape): WrittenMember[] {
  let members = writtenMembersOf.get(s);
  if (!members) {
    members = Object.entries(s.members).map(([member, [shapeName, , element]]) => ({ member, shape: shape(shapeName), element }));
    writtenMembersOf.set(s, members);
  }
  return members;
}

function writeStructureMembers(s: StructureShape, value: Record<string, unknown>, topLevel: boolean): string {
  let xml = '';
  for (const { member, shape: memberShape, element } of writtenMembers(s)) {
    const v = value[member];
    if (v === undefined || v === null) {
      // Clients read a missing wrapper as "no list" (null in --query): the result's lists are always written.
      if (topLevel && memberShape.type === 'list') xml += `<${element}/>`;
      continue;
    }
    // EC2 leaves a resource's `tagSet` out when it has no tags (boto3 then has no `Tags` key),
    // except on an internet gateway and a network interface, whose empty `tagSet` it writes
    // (Ansible's ec2_vpc_igw and ec2_eni_info read it).
    if (!topLevel && element === 'tagSet' && Array.isArray(v) && v.length === 0 && !keepsEmptyTagSet(s)) continue;
    xml += writeElement(element, memberShape, v);
  }
  return xml;
}

function writeElement(element: string, s: Shape, v: unknown): string {
  switch (s.type) {
    case 'structure': {
      const inner = writeStructureMembers(s, (v ?? {}) as Record<string, unknown>, false);
      return inner === '' ? `<${element}/>` : `<${element}>${inner}</${element}>`;
    }
    case 'list': {
      const items = Array.isArray(v) ? v : [v];
      if (items.length === 0) return `<${element}/>`;
      const member = shape(s.member);
      let inner = '';
      for (const item of items) inner += writeElement(s.item, member, item);
      return `<${element}>${inner}</${element}>`;
    }
    default:
      return `<${element}>${escapeXml(scalarText(s.type, v))}</${element}>`;
  }
}

function scalarText(type: Shape['type'], v: unknown): string {
  if (type === 'boolean') return v === true || v === 'true' ? 'true' : 'false';
  if (type === 'timestamp') return isoMillis(v);
  if (v instanceof Date) return isoMillis(v);
  return String(v);
}

/** `2024-01-01T00:00:00.000Z`, the form EC2 writes times in (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html). */
export function isoMillis(v: unknown): string {
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isFinite(d.getTime()) ? d.toISOString() : String(v);
}
