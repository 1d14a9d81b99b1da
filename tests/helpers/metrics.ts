/** Reads the server's Prometheus metrics: the sum of every sample of a metric (all label sets). */
export async function metric(serverUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const samples = text
    .split("\n")
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .map((line) => Number(line.slice(line.lastIndexOf(" ") + 1)));
  return samples.length === 0 ? Number.NaN : samples.reduce((a, b) => a + b, 0);
}
