export { Module } from "./module.js";
export { Linear, Conv2d, ConvTranspose2d, BatchNorm2d, GroupNorm, Dropout, Embedding } from "./layers.js";
export type { Conv2dConfig } from "./layers.js";
export { LSTM } from "./recurrent.js";
export type { LSTMConfig } from "./recurrent.js";
export { Sequential, ReLU, Sigmoid, Tanh, GELU, SiLU, LeakyReLU, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Upsample, Flatten } from "./containers.js";
export type { Layer } from "./containers.js";
export * as init from "./init.js";
