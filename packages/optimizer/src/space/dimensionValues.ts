import type { ParamValue } from '@wf/engine';
import type { Dimension } from './Dimension.js';

/** A dimension's values in a form that answers `size` and `valueAt(k)` in O(1). */
export type DimensionAxis = {
  readonly size: number;
  valueAt(position: number): ParamValue;
  /** True when positions are ordered numbers (an adaptive strategy may treat them as ordinal). */
  readonly ordinal: boolean;
};

/** Rounds to 12 significant digits: grid arithmetic noise never reaches canonical params. */
export function roundGridValue(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(12));
}

/** The axis of one dimension. Ranged steps are computed, only `log` (small `count`) and `list` hold arrays. */
export function dimensionAxis(dimension: Dimension): DimensionAxis {
  switch (dimension.kind) {
    case 'list': {
      const values = dimension.values;
      const ordinal = values.every((v) => typeof v === 'number');
      return { size: values.length, ordinal, valueAt: (k) => values[k] as ParamValue };
    }
    case 'int': {
      const { min, step } = dimension;
      const size = Math.floor((dimension.max - min) / step) + 1;
      return { size, ordinal: true, valueAt: (k) => min + k * step };
    }
    case 'float': {
      const { min, step } = dimension;
      // A tolerance of 1e-9 steps so max itself is included despite binary rounding.
      const size = Math.floor((dimension.max - min) / step + 1e-9) + 1;
      return { size, ordinal: true, valueAt: (k) => roundGridValue(min + k * step) };
    }
    case 'log': {
      const { min, max, count, integer } = dimension;
      const values: number[] = [];
      for (let k = 0; k < count; k++) {
        const raw = count === 1 ? min : min * Math.pow(max / min, k / (count - 1));
        const value = integer ? Math.round(raw) : roundGridValue(raw);
        if (values.length === 0 || values[values.length - 1] !== value) values.push(value);
      }
      return { size: values.length, ordinal: true, valueAt: (k) => values[k] as number };
    }
  }
}
