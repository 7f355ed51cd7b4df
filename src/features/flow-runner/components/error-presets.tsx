/** Error presets: one click each (filled in below). */
export default function ErrorPresets() {
  return null;
}
