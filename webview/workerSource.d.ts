// The layout worker's bundle as text, made by scripts/build.mjs (plugin graph-worker-source).
declare module 'graph-worker-source' {
  const source: string;
  export default source;
}
