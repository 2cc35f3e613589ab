// A bounded, evenly spaced sample of a stream of numbers, for the values a line bound
// in a loop and the series a training loop prints. The stream can be millions long,
// and recording it is on the hot path, so the sample keeps every stride-th number,
// stride a power of two: when it is full, every other kept number is dropped and the
// stride doubles. The same stream always gives the same sample.

export class Reservoir {
  readonly values: number[] = [];
  /** The position in the stream (or the caller's step) of each kept number. */
  readonly steps: number[] = [];
  private stride = 1;
  private offered = 0;
  last = NaN;
  lastStep = -1;

  /** `cap` must be even, so that after halving the next number offered lands on the new stride. */
  constructor(readonly cap: number) {}

  get count(): number {
    return this.offered;
  }

  push(x: number, step: number): void {
    const n = this.offered++;
    this.last = x;
    this.lastStep = step;
    if (n % this.stride !== 0) return;
    if (this.values.length === this.cap) this.halve();
    this.values.push(x);
    this.steps.push(step);
  }

  /** Fresh arrays of the sample, the last number offered included (at most cap + 1). */
  sample(): { values: number[]; steps: number[] } {
    const values = this.values.slice(), steps = this.steps.slice();
    if (this.offered > 0 && steps[steps.length - 1] !== this.lastStep) {
      values.push(this.last);
      steps.push(this.lastStep);
    }
    return { values, steps };
  }

  private halve(): void {
    const { values, steps } = this;
    let j = 0;
    for (let i = 0; i < values.length; i += 2, j++) {
      values[j] = values[i];
      steps[j] = steps[i];
    }
    values.length = j;
    steps.length = j;
    this.stride *= 2;
  }
}
