// stdout carries the result (one JSON document with --json); everything else goes to stderr.

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
