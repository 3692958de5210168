// The one place GDAL is loaded and configured. PAM is off so that nothing (.aux.xml) is ever written
// next to a user's input files.
import gdal from "gdal-async";

gdal.config.set("GDAL_PAM_ENABLED", "NO");
gdal.config.set("CPL_LOG", "/dev/null");
// x = longitude, y = latitude everywhere, as GeoJSON and every GIS user expects
gdal.config.set("OSR_DEFAULT_AXIS_MAPPING_STRATEGY", "TRADITIONAL_GIS_ORDER");
gdal.verbose?.();

export { gdal };
export type { Dataset, RasterBand, SpatialReference, Layer, Geometry } from "gdal-async";
