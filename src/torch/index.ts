// catchment's deep-learning engine: libtorch through a thin addon, with PyTorch's names.
export { Tensor } from "./tensor.js";
export type { Scalar, TensorData } from "./tensor.js";
export { tensor, zeros, ones, empty, full, randn, rand, randint, randperm, arange, linspace, eye, zerosLike, onesLike, randnLike, cat, stack, where } from "./creation.js";
export type { TensorOptions } from "./creation.js";
export { tidy, keep, dispose, noGrad, enableGrad, liveTensors } from "./scope.js";
export { grad } from "./autograd.js";
export type { DType } from "./dtype.js";
export { setNumThreads, getNumThreads, manualSeed, setFlushDenormal, cudaAvailable, buildConfig, defaultThreads } from "./runtime.js";
export { rawOp, schemaOf } from "./dispatch.js";
export * as aten from "./generated/aten.js";
export { saveSafetensors, loadSafetensors, loadWeights } from "./safetensors.js";
export type { SafetensorsFile } from "./safetensors.js";
export * as F from "./functional.js";
export * as nn from "./nn/index.js";
export * as optim from "./optim/index.js";
export * as losses from "./losses.js";
