import { readFileSync } from 'node:fs';

/** Why the PEM file a variable names cannot be used (unreadable, or `parse` refuses it); undefined when it can. */
export function pemProblem(name: string, path: string | undefined, parse: (pem: Buffer) => unknown): string | undefined {
  if (path === undefined) return undefined;
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (error) {
    return `${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  try {
    parse(pem);
    return undefined;
  } catch (error) {
    return `${name}: ${path} is not a usable PEM file (${(error as Error).message})`;
  }
}
