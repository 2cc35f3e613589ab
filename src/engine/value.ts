import { Tape, type NodeId } from './tape';

type Operand = Value | number;

/**
 * micrograd's `Value`, as a handle onto a node of a Tape: the convenient API for
 * code and tests that read like the lecture. Hot paths use the Tape's methods on
 * node ids directly. Plain numbers passed as operands become constant leaves.
 */
export class Value {
  constructor(readonly tape: Tape, readonly id: NodeId) {}

  static leaf(tape: Tape, data: number, label?: string): Value {
    return new Value(tape, tape.leaf(data, label));
  }

  get data(): number { return this.tape.data(this.id); }
  set data(v: number) { this.tape.setData(this.id, v); }
  get grad(): number { return this.tape.grad(this.id); }
  set grad(v: number) { this.tape.setGrad(this.id, v); }
  get label(): string | undefined { return this.tape.label(this.id); }
  set label(text: string | undefined) { if (text !== undefined) this.tape.setLabel(this.id, text); }

  add(other: Operand): Value { return this.wrap(this.tape.add(this.id, this.node(other))); }
  sub(other: Operand): Value { return this.wrap(this.tape.sub(this.id, this.node(other))); }
  mul(other: Operand): Value { return this.wrap(this.tape.mul(this.id, this.node(other))); }
  div(other: Operand): Value { return this.wrap(this.tape.div(this.id, this.node(other))); }
  neg(): Value { return this.wrap(this.tape.neg(this.id)); }
  /** A number exponent stays a number (micrograd's `**2`); a Value exponent is differentiated too. */
  pow(exponent: Operand): Value {
    return this.wrap(typeof exponent === 'number'
      ? this.tape.powConst(this.id, exponent)
      : this.tape.pow(this.id, exponent.id));
  }
  tanh(): Value { return this.wrap(this.tape.tanh(this.id)); }
  exp(): Value { return this.wrap(this.tape.exp(this.id)); }
  log(): Value { return this.wrap(this.tape.log(this.id)); }
  relu(): Value { return this.wrap(this.tape.relu(this.id)); }
  sigmoid(): Value { return this.wrap(this.tape.sigmoid(this.id)); }

  backward(): void { this.tape.backward(this.id); }

  private node(operand: Operand): NodeId {
    if (typeof operand === 'number') return this.tape.leaf(operand, String(operand));
    if (operand.tape !== this.tape) throw new Error('cannot combine Values from different tapes');
    return operand.id;
  }

  private wrap(id: NodeId): Value { return new Value(this.tape, id); }
}
