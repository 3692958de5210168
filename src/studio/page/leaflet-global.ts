// Leaflet as the global `L` that the Geoman plugin extends; imported before the plugin.
import L from "leaflet";

(window as unknown as { L: typeof L }).L = L;
export default L;
