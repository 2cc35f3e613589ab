// Imported first by both entry points (extension.ts, extension.web.ts): the bundler puts
// a module's code in import order, so this runs before any other GradLens module's top
// level, and activate.ts can report how long evaluating the bundle took (not parsing it:
// that happens before any of its code runs).

/** performance.now() when the bundle's code began to run. */
export const bundleStartedAt = performance.now();
