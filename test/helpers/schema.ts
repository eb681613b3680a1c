import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const SCHEMA = fileURLToPath(new URL('../../docs/report.schema.json', import.meta.url));

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validate) return validate;
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  // ajv-formats would be one more dependency for one format
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)));
  validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
  return validate;
}

/** Throws, listing every violation, when the report does not match docs/report.schema.json. */
export function assertValidReport(report: unknown): void {
  const v = validator();
  if (v(report)) return;
  const errors = (v.errors ?? []).slice(0, 20).map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  throw new Error(`report does not match docs/report.schema.json:\n${errors.join('\n')}`);
}
