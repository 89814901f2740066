/**
 * The shape of the generated EC2 model (model.generated.ts, from botocore's service-2.json):
 * enough of the API model to read any request and write any response of the served
 * operations generically, the way the AWS SDKs' own "ec2" protocol codecs do.
 */
export type ScalarType = 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';

export interface StructureShape {
  type: 'structure';
  /** SDK member name → [shape name, request (query) name, response (XML) element name]. */
  members: Record<string, [string, string, string]>;
  required?: string[];
}
export interface ListShape {
  type: 'list';
  member: string;
  /** Element name of each list entry in responses (`item` throughout EC2). */
  item: string;
}
export interface ScalarShape {
  type: ScalarType;
}
export type Shape = StructureShape | ListShape | ScalarShape;

export interface Ec2Model {
  apiVersion: string;
  operations: Record<string, { input?: string; output?: string }>;
  shapes: Record<string, Shape>;
}
