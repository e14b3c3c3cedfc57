import fs from 'fs';
import path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import yaml from 'js-yaml';
import { sharedDir } from './shared';

/** What `checkProtocolInvariants` knows about the sync under test; every field is optional. */
export interface ProtocolInvariantOptions {
  /** Streams of the configured catalog: RECORD, STATE and STREAM_STATUS must name one of them. */
  configuredStreams?: string[];
  /** Stream name → JSON schema; records are validated against its strict variant. */
  streamSchemas?: Record<string, object>;
  /** Stream name → primary key paths, e.g. `{ issues: [['id']] }`. */
  primaryKeys?: Record<string, string[][]>;
  /** Stream name → cursor path, e.g. `{ issues: ['updated'] }`. */
  cursorFields?: Record<string, string[]>;
  /** false: skip the official schema (it lives in ../shared); the other invariants still run. */
  validateSchema?: boolean;
}

type Json = Record<string, unknown>;

const PAYLOAD_KEY: Record<string, string> = {
  RECORD: 'record',
  STATE: 'state',
  LOG: 'log',
  SPEC: 'spec',
  CONNECTION_STATUS: 'connectionStatus',
  CATALOG: 'catalog',
  TRACE: 'trace',
  CONTROL: 'control',
  DESTINATION_CATALOG: 'destination_catalog',
};
const TERMINAL_STATUSES = new Set(['COMPLETE', 'INCOMPLETE']);

function newAjv(): Ajv {
  // strict:false: the protocol YAML has non-standard keywords (version) and stream schemas may
  // carry airbyte_type.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

let messageValidator: ValidateFunction | undefined;

function airbyteMessageValidator(): ValidateFunction {
  if (messageValidator) return messageValidator;
  const shared = sharedDir();
  if (shared === null)
    throw new Error('../shared is absent: the Airbyte protocol YAML lives there');
  const file = path.join(shared, 'reference', 'airbyte-protocol', 'airbyte_protocol.yaml');
  const ajv = newAjv();
  ajv.addSchema(yaml.load(fs.readFileSync(file, 'utf8')) as object, 'airbyte');
  messageValidator = ajv.compile({ $ref: 'airbyte#/definitions/AirbyteMessage' });
  return messageValidator;
}

function formatAjvErrors(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (undeclared property "${(e.params as { additionalProperty: string }).additionalProperty}")`
        : '';
    return `${where}${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
  });
}

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with sorted keys, so that equal objects compare equal whatever their key order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/** Parses connector stdout: every non-empty line must be one JSON message. */
export function parseStdoutLines(stdout: string): unknown[] {
  const messages: unknown[] = [];
  stdout.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      messages.push(JSON.parse(line));
    } catch {
      const shown = line.length > 200 ? `${line.slice(0, 200)}…` : line;
      throw new Error(`stdout line ${i + 1} is not JSON: ${shown}`);
    }
  });
  return messages;
}

/** Errors of one message against `AirbyteMessage` in the official protocol YAML (empty: valid). */
export function validateAirbyteMessage(msg: unknown): string[] {
  const validate = airbyteMessageValidator();
  return validate(msg) ? [] : formatAjvErrors(validate.errors, 'message');
}

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'items'];
const SUBSCHEMA_SINGLE = [
  'additionalProperties',
  'items',
  'additionalItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
];

function strictNode(node: unknown): unknown {
  if (!isPlainObject(node)) return node;
  const out: Json = { ...node };
  for (const key of SUBSCHEMA_MAPS) {
    const map = node[key];
    if (isPlainObject(map)) {
      out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, strictNode(v)]));
    }
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map(strictNode);
  }
  for (const key of SUBSCHEMA_SINGLE) {
    if (isPlainObject(node[key])) out[key] = strictNode(node[key]);
  }
  if (isPlainObject(node.properties)) out.additionalProperties = false;
  return out;
}

/**
 * A copy of a JSON schema where every object schema that declares `properties` also says
 * `additionalProperties: false`: a record valid against it has no undeclared field at any depth.
 */
export function strictSchema<T extends object>(schema: T): T {
  return strictNode(schema) as T;
}

function valueAt(data: unknown, fieldPath: string[]): unknown {
  let cur: unknown = data;
  for (const part of fieldPath) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function schemaHasPath(schema: unknown, fieldPath: string[]): boolean {
  let cur: unknown = schema;
  for (const part of fieldPath) {
    if (!isPlainObject(cur) || !isPlainObject(cur.properties) || !(part in cur.properties)) {
      return false;
    }
    cur = cur.properties[part];
  }
  return true;
}

function streamName(descriptor: unknown): string | undefined {
  return isPlainObject(descriptor) && typeof descriptor.name === 'string'
    ? descriptor.name
    : undefined;
}

interface StreamProgress {
  started: boolean;
  terminal?: string;
  states: number;
  recordsSinceState: number;
  lastState?: string;
}

/**
 * Checks a connector's output against the protocol schema and the invariants the platform relies
 * on (message order, stream statuses, state record counts). Returns one line per violation
 * (empty: all good).
 */
export function checkProtocolInvariants(
  messages: unknown[],
  opts: ProtocolInvariantOptions = {},
): string[] {
  const errors: string[] = [];
  const configured = opts.configuredStreams ? new Set(opts.configuredStreams) : undefined;
  const progress = new Map<string, StreamProgress>();
  const progressOf = (stream: string): StreamProgress => {
    let p = progress.get(stream);
    if (!p) {
      p = { started: false, states: 0, recordsSinceState: 0 };
      progress.set(stream, p);
    }
    return p;
  };
  const ajv = newAjv();
  const recordValidators = new Map<string, ValidateFunction>();
  const recordValidator = (stream: string): ValidateFunction | undefined => {
    const schema = opts.streamSchemas?.[stream];
    if (!schema) return undefined;
    let v = recordValidators.get(stream);
    if (!v) {
      v = ajv.compile(strictSchema(schema));
      recordValidators.set(stream, v);
    }
    return v;
  };
  const singletons = new Map<string, number>();

  messages.forEach((msg, i) => {
    const at = `message ${i + 1}`;
    if (opts.validateSchema !== false) {
      errors.push(...validateAirbyteMessage(msg).map((e) => `${at}: ${e}`));
    }
    if (!isPlainObject(msg) || typeof msg.type !== 'string') return;
    const type = msg.type;

    // 1. type ↔ payload
    const expected = PAYLOAD_KEY[type];
    if (expected && !isPlainObject(msg[expected])) {
      errors.push(`${at}: ${type} message has no "${expected}" object`);
    }
    for (const [otherType, key] of Object.entries(PAYLOAD_KEY)) {
      if (otherType !== type && msg[key] !== undefined) {
        errors.push(`${at}: ${type} message carries a "${key}" payload`);
      }
    }
    if (['SPEC', 'CATALOG', 'CONNECTION_STATUS'].includes(type)) {
      singletons.set(type, (singletons.get(type) ?? 0) + 1);
    }

    if (type === 'RECORD' && isPlainObject(msg.record)) {
      const record = msg.record;
      const stream = String(record.stream);
      if (configured && !configured.has(stream)) {
        errors.push(`${at}: RECORD for stream "${stream}" which is not configured`);
      }
      const p = progressOf(stream);
      if (!p.started) errors.push(`${at}: RECORD of "${stream}" before its STARTED status`);
      if (p.terminal) errors.push(`${at}: RECORD of "${stream}" after its ${p.terminal} status`);
      p.recordsSinceState += 1;
      if (opts.streamSchemas) {
        const validate = recordValidator(stream);
        if (!validate) {
          errors.push(`${at}: no schema for stream "${stream}"`);
        } else if (!validate(record.data)) {
          errors.push(...formatAjvErrors(validate.errors, `${at}: ${stream} record.data`));
        }
      }
      const keyPaths = [
        ...(opts.primaryKeys?.[stream] ?? []).map((k) => ['primary key', k] as const),
        ...(opts.cursorFields?.[stream] ? [['cursor', opts.cursorFields[stream]] as const] : []),
      ];
      for (const [what, fieldPath] of keyPaths) {
        const value = valueAt(record.data, fieldPath);
        if (value === undefined || value === null) {
          errors.push(`${at}: ${stream} record has no ${what} ${fieldPath.join('.')}`);
        }
      }
    }

    if (type === 'STATE' && isPlainObject(msg.state)) {
      const state = msg.state;
      if (state.type !== 'STREAM') {
        errors.push(`${at}: STATE type is ${String(state.type ?? 'absent (LEGACY)')}, not STREAM`);
        return;
      }
      const streamState = isPlainObject(state.stream) ? state.stream : undefined;
      const stream = streamName(streamState?.stream_descriptor);
      if (stream === undefined) {
        errors.push(`${at}: STATE without stream.stream_descriptor.name`);
        return;
      }
      if (configured && !configured.has(stream)) {
        errors.push(`${at}: STATE for stream "${stream}" which is not configured`);
      }
      if (!isPlainObject(streamState?.stream_state)) {
        errors.push(`${at}: STATE of "${stream}" has no plain-object stream_state`);
      }
      const p = progressOf(stream);
      const serialized = canonical(streamState?.stream_state);
      if (p.lastState === serialized) {
        errors.push(`${at}: STATE of "${stream}" repeats the previous state ${serialized}`);
      }
      const stats = state.sourceStats;
      if (isPlainObject(stats) && stats.recordCount !== undefined) {
        if (stats.recordCount !== p.recordsSinceState) {
          errors.push(
            `${at}: STATE of "${stream}" says sourceStats.recordCount ${String(stats.recordCount)}` +
              ` but ${p.recordsSinceState} records were emitted since the previous state`,
          );
        }
      }
      p.lastState = serialized;
      p.recordsSinceState = 0;
      p.states += 1;
    }

    if (type === 'TRACE' && isPlainObject(msg.trace)) {
      const trace = msg.trace;
      if (trace.type === 'ERROR') {
        if (!isPlainObject(trace.error) || typeof trace.error.failure_type !== 'string') {
          errors.push(`${at}: TRACE ERROR without failure_type`);
        }
      }
      if (trace.type === 'STREAM_STATUS' && isPlainObject(trace.stream_status)) {
        const status = String(trace.stream_status.status);
        const stream = streamName(trace.stream_status.stream_descriptor);
        if (stream === undefined) {
          errors.push(`${at}: STREAM_STATUS without stream_descriptor.name`);
          return;
        }
        if (configured && !configured.has(stream)) {
          errors.push(`${at}: STREAM_STATUS for stream "${stream}" which is not configured`);
        }
        const p = progressOf(stream);
        if (p.terminal) {
          errors.push(`${at}: ${status} status of "${stream}" after its ${p.terminal} status`);
        } else if (status === 'STARTED' && p.started) {
          errors.push(`${at}: second STARTED status of "${stream}"`);
        } else if (status !== 'STARTED' && status !== 'INCOMPLETE' && !p.started) {
          // INCOMPLETE alone is a configured stream skipped unread (the Python CDK's way too).
          errors.push(`${at}: ${status} status of "${stream}" before its STARTED status`);
        }
        if (status === 'STARTED') p.started = true;
        if (TERMINAL_STATUSES.has(status)) p.terminal = status;
      }
    }

    // 5. Discover: key and cursor paths exist in the stream's schema.
    if (type === 'CATALOG' && isPlainObject(msg.catalog) && Array.isArray(msg.catalog.streams)) {
      for (const s of msg.catalog.streams as unknown[]) {
        if (!isPlainObject(s)) continue;
        const name = String(s.name);
        if (!isPlainObject(s.json_schema) || s.json_schema.type !== 'object') {
          errors.push(`${at}: catalog stream "${name}" json_schema is not of type object`);
        }
        const keys = Array.isArray(s.source_defined_primary_key)
          ? (s.source_defined_primary_key as string[][])
          : [];
        const cursor = Array.isArray(s.default_cursor_field)
          ? [s.default_cursor_field as string[]]
          : [];
        for (const fieldPath of [...keys, ...cursor]) {
          if (!schemaHasPath(s.json_schema, fieldPath)) {
            errors.push(`${at}: catalog stream "${name}" key ${fieldPath.join('.')} not in schema`);
          }
        }
      }
    }

    // 6. Spec: the connection specification compiles.
    if (type === 'SPEC' && isPlainObject(msg.spec)) {
      try {
        newAjv().compile(msg.spec.connectionSpecification as object);
      } catch (e) {
        errors.push(`${at}: connectionSpecification does not compile: ${(e as Error).message}`);
      }
    }
  });

  for (const [type, count] of singletons) {
    if (count > 1) errors.push(`${count} ${type} messages; expected exactly one`);
  }
  for (const [stream, p] of progress) {
    if (!p.started) continue;
    // A stream that failed has no safe point to resume from; one that completed must say so.
    if (p.states === 0 && p.terminal === 'COMPLETE') {
      errors.push(`stream "${stream}" COMPLETED without a STATE`);
    }
    if (!p.terminal) errors.push(`stream "${stream}" was STARTED but never COMPLETE/INCOMPLETE`);
  }
  return errors;
}
