/** Stops the embedded PostgreSQL the global setup started (and removes its files). */
export default async function globalTeardown(): Promise<void> {
  const stop = (globalThis as { __pcStop?: () => Promise<void> }).__pcStop;
  if (stop) await stop();
}
