import * as z from 'zod';
import { configSchema } from './configSchema.js';

/** What each top-level config key means (PROTOCOL section 10), shown by editors on hover and completion. */
const SECTION_DESCRIPTIONS: Readonly<Record<string, string>> = {
  data: 'Input data (PROTOCOL section 1): prices folder, optional market caps and calendar; relative paths resolve against the config file.',
  universe: 'Universe rules evaluated at each signal date (PROTOCOL section 2).',
  windows: 'Walk-forward windows (PROTOCOL section 6), in trading days.',
  portfolio: 'Portfolio construction, holding period and costs (PROTOCOL section 4).',
  objective: 'In-sample selection objective (PROTOCOL section 7).',
  factors: 'Factors to validate: each with fixed `params` or a `space` of value lists (PROTOCOL section 7).',
  gates: 'Gate thresholds (PROTOCOL sections 8 and 8b); null turns a gate off.',
  factor_modules: 'ES modules exporting `factors: FactorDefinition[]` (user factors).',
  freeze: 'A freeze manifest the factor set must match (wf-gates --write-freeze).',
  ledger: 'Trial ledger CSV (factor,params,first_seen) counting trials across nights (PROTOCOL section 8b).',
  limits: 'Refusal limits; they never change a result.',
};

/**
 * The JSON Schema (draft 2020-12) of a walk-forward config file, generated from the zod
 * validator `configSchema` (so editors check the keys and types the loader accepts; unknown
 * keys are refused at every level). Cross-key rules (params or space, min_names >= quantiles,
 * grid limits) are the loader's alone. Shipped as `schemas/config.schema.json`.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { target: 'draft-2020-12', unrepresentable: 'throw' }) as Record<string, unknown>;
  const properties = schema['properties'] as Record<string, Record<string, unknown>>;
  for (const [key, description] of Object.entries(SECTION_DESCRIPTIONS)) {
    const property = properties[key];
    if (property !== undefined) property['description'] = description;
  }
  return {
    $schema: schema['$schema'],
    title: 'Walk-forward gate config (PROTOCOL section 10)',
    description: 'A wf-gates / wf-walk-forward config. Generated from the config validator by tools/write-config-schema.mjs: do not edit.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

/** `schemas/config.schema.json` as written: the schema with two-space indents and a final newline. */
export function formatConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
