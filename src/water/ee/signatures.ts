// The signatures of the Earth Engine algorithms the exported graph uses, as the API reference at
// developers.google.com/earth-engine/apidocs publishes them (argument names, types, defaults,
// return type). ee.data.getAlgorithms() normally fetches the full list from the server; these few
// let the official client build and serialise the graph offline.

export interface AlgorithmArgument {
  name: string;
  type: string;
  description: string;
  optional?: boolean;
  default?: unknown;
}

export interface AlgorithmSignature {
  returns: string;
  description: string;
  args: AlgorithmArgument[];
}

const arg = (name: string, type: string, description: string, extra: Partial<AlgorithmArgument> = {}): AlgorithmArgument => ({ name, type, description, ...extra });
const binary = (what: string): AlgorithmSignature => ({
  returns: "Image",
  description: `${what} for each matched pair of bands in image1 and image2; a one-band image is used against every band of the other; otherwise bands pair in order and take image1's names (or the longer input's).`,
  args: [arg("image1", "Image", "The image from which the left operand bands are taken."), arg("image2", "Image", "The image from which the right operand bands are taken.")],
});

export const SIGNATURES: Record<string, AlgorithmSignature> = {
  "Image.load": {
    returns: "Image",
    description: "Loads an image by asset id.",
    args: [arg("id", "String", "The asset ID of the image."), arg("version", "Long", "The version of the asset; -1 is the latest.", { optional: true, default: null })],
  },
  "Image.constant": {
    returns: "Image",
    description: "An image with a constant value everywhere; a list gives one band per element, named constant_0, constant_1, ….",
    args: [arg("value", "Object", "A number, an Array, or a list of numbers or Arrays.")],
  },
  "Image.select": {
    returns: "Image",
    description: "Selects bands by name, regular expression or index, optionally renaming them.",
    args: [
      arg("input", "Image", "The image to select bands from."),
      arg("bandSelectors", "List", "Band names, regular expressions or indices."),
      arg("newNames", "List", "New names for the selected bands.", { optional: true, default: null }),
    ],
  },
  "Image.rename": {
    returns: "Image",
    description: "Renames the bands of an image.",
    args: [arg("input", "Image", "The image to rename."), arg("names", "List", "The new names, one per band.")],
  },
  "Image.addBands": {
    returns: "Image",
    description: "All bands of dstImg followed by the (selected) bands of srcImg; without overwrite a name already present gets a numerical suffix (foo → foo_1).",
    args: [
      arg("dstImg", "Image", "An image into which to copy bands."),
      arg("srcImg", "Image", "An image containing bands to copy."),
      arg("names", "List", "Band names to copy; all bands when omitted.", { optional: true, default: null }),
      arg("overwrite", "Boolean", "Whether bands of srcImg replace bands of dstImg with the same name.", { optional: true, default: false }),
    ],
  },
  "Image.convolve": {
    returns: "Image",
    description: "Convolves each band of an image with the given kernel.",
    args: [arg("image", "Image", "The image to convolve."), arg("kernel", "Kernel", "The kernel to convolve with.")],
  },
  "Kernel.fixed": {
    returns: "Kernel",
    description: "A kernel from a 2-D list of [height] x [width] weights.",
    args: [
      arg("width", "Integer", "The width of the kernel in pixels.", { optional: true, default: -1 }),
      arg("height", "Integer", "The height of the kernel in pixels.", { optional: true, default: -1 }),
      arg("weights", "List", "A 2-D list of [height] x [width] values to use as the weights of the kernel."),
      arg("x", "Integer", "The location of the focus, as an offset from the left.", { optional: true, default: -1 }),
      arg("y", "Integer", "The location of the focus, as an offset from the top.", { optional: true, default: -1 }),
      arg("normalize", "Boolean", "Normalize the kernel values to sum to 1.", { optional: true, default: false }),
    ],
  },
  "Image.add": binary("Adds the first value to the second"),
  "Image.subtract": binary("Subtracts the second value from the first"),
  "Image.multiply": binary("Multiplies the first value by the second"),
  "Image.divide": binary("Divides the first value by the second, returning 0 for division by 0"),
  "Image.max": binary("Selects the maximum of the first and second values"),
  "Image.exp": {
    returns: "Image",
    description: "Computes Euler's number e raised to the power of the input.",
    args: [arg("value", "Image", "The image to which the operation is applied.")],
  },
  "Image.reduce": {
    returns: "Image",
    description: "Applies a reducer to all of the bands of an image; one output band per reducer output.",
    args: [arg("image", "Image", "The image to reduce."), arg("reducer", "Reducer", "The reducer to apply to the given image.")],
  },
  "Reducer.sum": {
    returns: "Reducer",
    description: "A reducer that computes the (weighted) sum of its inputs; its output is named 'sum'.",
    args: [],
  },
};

export const ALGORITHMS = Object.keys(SIGNATURES);
