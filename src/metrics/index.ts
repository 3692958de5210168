// Metrics by function and by name; every one takes (obs, sim).
export * from "./hydrology.js";
export * from "./continuous.js";
export * from "./categorical.js";
export { median } from "./pairs.js";
export type { Series } from "./pairs.js";
export { METRICS, METRIC_NAMES, metric } from "./registry.js";
export type { Metric, MetricKind } from "./registry.js";
