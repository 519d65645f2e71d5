/**
 * The engine's code that runs (DESIGN.md, "Caches are content-addressed": the engine's part
 * of the code identity). See {@link engineCodeId}.
 */
export type EngineCodeIdentity = {
  /**
   * Which files are the code: 'bundle' the CLI bundles and the CSV worker beside the running
   * bundle (scripts/bundle/); 'dist' the compiled JavaScript of every workspace package plus
   * the installed dependency tree; 'src' the TypeScript sources of every workspace package
   * plus the dependency tree (in-process tests).
   */
  readonly build: 'bundle' | 'dist' | 'src';
  /** Number of code files hashed. */
  readonly files: number;
  /** `node <version> <platform> <arch>`: the runtime that executes the code (its Math is part of every number). */
  readonly runtime: string;
  /** sha256 hex over the runtime and the relative path and sha256 of every code file. */
  readonly sha256: string;
};

/** One file of a user factor module: its path relative to the module's folder (`/`-separated) and content hash. */
export type ModuleFileIdentity = {
  readonly path: string;
  /** sha256 hex of the bytes; null when an import names a local file that does not exist. */
  readonly sha256: string | null;
};

/** A bare import of a user factor module's code, named by package name and installed version. */
export type ModulePackageIdentity = {
  readonly name: string;
  /** Version from the package.json node's resolution would find; null when none is installed. */
  readonly version: string | null;
};

/** One user factor module of the config and every local file it imports, recursively. */
export type UserModuleIdentity = {
  /** The module as the config names it: its path relative to the config's folder (`/`-separated). */
  readonly module: string;
  /** The module file first (by its file name), then each local file it imports, sorted by path. */
  readonly files: readonly ModuleFileIdentity[];
  /** Packages imported by name from any of the files (node built-ins left out), sorted by name. */
  readonly packages: readonly ModulePackageIdentity[];
  /** sha256 hex of the canonical JSON of `{ files, packages }` (location-independent). */
  readonly sha256: string;
};

/** An external factor's score table: its scores are the factor's code (config `factors[].external`). */
export type ScoreTableIdentity = {
  readonly factor: string;
  /** The table as the config names it: its path relative to the config's folder (`/`-separated). */
  readonly table: string;
  /** sha256 hex of the table's bytes. */
  readonly sha256: string;
};

/**
 * The code identity of a run: what code computes its numbers. Recorded in `manifest.json`
 * and the shards' `run.json`, part of every signal cache key; a resume whose identity
 * differs is refused. `sha256` alone is what keys use.
 */
export type CodeIdentity = {
  readonly version: 1;
  /** sha256 hex of the canonical JSON of `{ version, engine: engine.sha256, modules: [each module's sha256] }`. */
  readonly sha256: string;
  readonly engine: EngineCodeIdentity;
  /** In the config's `factor_modules` order. */
  readonly modules: readonly UserModuleIdentity[];
  /** The score tables of external factors, in config order; absent when there are none (the sha256 then hashes `{ version, engine, modules }` alone). */
  readonly scoreTables?: readonly ScoreTableIdentity[];
};
