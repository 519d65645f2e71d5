import { PANEL_FIELDS } from '../data/PanelField.js';
import type { FactorDefinition, FactorParams } from './FactorDefinition.js';

/** Factor ids: a letter, then letters, digits, `_`, `.` or `-` (they appear in CSVs, cache keys and file names). */
export const FACTOR_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * Why `value` cannot serve as a FactorDefinition, or null when it can: an id matching
 * FACTOR_ID_PATTERN, a string description, plain-object defaults whose values are finite
 * numbers, strings or booleans, `validate` and `compute` functions, an optional positive
 * finite costHint, and defaults that pass the factor's own `validate`.
 */
export function checkFactorDefinition(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return `expected an object, got ${describe(value)}`;
  const def = value as Partial<Record<keyof FactorDefinition, unknown>>;
  if (typeof def.id !== 'string') return `id must be a string, got ${describe(def.id)}`;
  if (!FACTOR_ID_PATTERN.test(def.id)) {
    return `id ${JSON.stringify(def.id)} must start with a letter and contain only letters, digits, "_", "." or "-"`;
  }
  if (typeof def.description !== 'string') return `description must be a string, got ${describe(def.description)}`;
  if (typeof def.validate !== 'function') return `validate must be a function, got ${describe(def.validate)}`;
  if (typeof def.compute !== 'function') return `compute must be a function, got ${describe(def.compute)}`;
  if (def.historyDays !== undefined && typeof def.historyDays !== 'function') {
    return `historyDays must be a function of the params when given, got ${describe(def.historyDays)}`;
  }
  if (def.fields !== undefined && !(Array.isArray(def.fields) && def.fields.every((field) => (PANEL_FIELDS as readonly unknown[]).includes(field)))) {
    return `fields must be an array of panel fields (${PANEL_FIELDS.join(', ')}) when given, got ${describe(def.fields)}`;
  }
  if (def.costHint !== undefined && !(typeof def.costHint === 'number' && Number.isFinite(def.costHint) && def.costHint > 0)) {
    return `costHint must be a positive finite number when given, got ${describe(def.costHint)}`;
  }
  const defaults = def.defaults;
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) {
    return `defaults must be an object of parameter values, got ${describe(defaults)}`;
  }
  for (const [name, param] of Object.entries(defaults)) {
    const ok = typeof param === 'string' || typeof param === 'boolean' || (typeof param === 'number' && Number.isFinite(param));
    if (!ok) return `default of parameter "${name}" must be a finite number, a string or a boolean, got ${describe(param)}`;
  }
  let reason: unknown;
  try {
    reason = (def.validate as FactorDefinition['validate']).call(value, defaults as FactorParams);
  } catch (error) {
    return `validate threw on the defaults: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (reason !== null) return `validate rejects the defaults: ${String(reason)}`;
  return null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'undefined') return String(value);
  return `a ${typeof value}`;
}
