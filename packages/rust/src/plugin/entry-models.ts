import type { CargoModel } from '../cargo';
import type { RustPluginOptions } from './options';

/**
 * The models createNodes built in this graph computation, for createDependencies to name the same
 * crates the same way. nx.json may hold several entries of this plugin (each with its own
 * `include`/`exclude`, so createNodes sees other files); Nx runs them in one process when plugin
 * isolation is off. createDependencies learns only its entry's options, not its include/exclude,
 * so entries are told apart by options, and entries with equal options by order: Nx calls
 * createNodes for every entry, then createDependencies for every entry, both in nx.json's order.
 * Should that order ever differ, each model is still handed out once per round, so the graph
 * gets every entry's edges all the same.
 */
interface Round {
  models: Map<string, CargoModel[]>;
  handedOut: Map<string, number>;
  dependenciesAsked: boolean;
}

let round: Round = newRound();

const NO_MODEL: CargoModel = { crates: [], workspaces: [], lockfiles: [], problems: [], invalid: [] };

function newRound(): Round {
  return { models: new Map(), handedOut: new Map(), dependenciesAsked: false };
}

/** Options as nx.json gives them, as one string: key order and `undefined` fields do not count. */
export function optionsKey(options: RustPluginOptions | undefined): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
          )
        : value;
  return JSON.stringify(sorted(options ?? {}));
}

/** Called by createNodes: the first call after a createDependencies starts a new graph computation. */
export function rememberModel(workspaceRoot: string, options: RustPluginOptions | undefined, model: CargoModel): void {
  if (round.dependenciesAsked) round = newRound();
  const key = `${workspaceRoot}\0${optionsKey(options)}`;
  const models = round.models.get(key) ?? [];
  // The same entry again before any createDependencies (a computation that stopped after its
  // nodes): its new model replaces the old, found by a shared manifest, or the old one was empty.
  const same = models.findIndex((m) => m.crates.length + m.invalid.length === 0 || sharesManifest(m, model));
  if (same >= 0) models[same] = model;
  else models.push(model);
  round.models.set(key, models);
}

/**
 * Called by createDependencies: the model of its entry; an empty one when createNodes built models
 * for other entries only (this entry's failed, so it has no projects); undefined when createNodes
 * ran for none in this process.
 */
export function modelFor(workspaceRoot: string, options: RustPluginOptions | undefined): CargoModel | undefined {
  round.dependenciesAsked = true;
  const key = `${workspaceRoot}\0${optionsKey(options)}`;
  const models = round.models.get(key);
  if (!models?.length) return [...round.models.keys()].some((k) => k.startsWith(`${workspaceRoot}\0`)) ? NO_MODEL : undefined;
  const n = round.handedOut.get(key) ?? 0;
  round.handedOut.set(key, n + 1);
  return models[n % models.length];
}

function sharesManifest(a: CargoModel, b: CargoModel): boolean {
  const manifests = (m: CargoModel) => [...m.crates, ...m.invalid].map((c) => c.manifestPath);
  const inA = new Set(manifests(a));
  return manifests(b).some((p) => inA.has(p));
}
