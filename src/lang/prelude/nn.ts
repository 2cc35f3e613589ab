/**
 * micrograd's nn module built into GradLens, written here to behave exactly as
 * micrograd/nn.py does (Andrej Karpathy, MIT licence): the same classes and methods,
 * the same order of random draws (so `MLP(2, [16, 16, 1])` after `random.seed(1337)`
 * holds the weights micrograd's demo trains), the same graph nodes in the same order,
 * and micrograd's repr (`MLP of [Layer of [ReLUNeuron(2), ...]]`). It runs through
 * GradLens's interpreter like the user's code; a class of the user's with the same
 * name shadows it.
 */
export const NN_SOURCE = `\
import random
from micrograd.engine import Value


class Module:
    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0

    def parameters(self):
        return []


class Neuron(Module):
    def __init__(self, nin, nonlin=True):
        # One uniform draw per input weight, in order, then a bias of int 0.
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0)
        self.nonlin = nonlin

    def __call__(self, x):
        # The bias first, then each product added in turn: sum()'s order.
        act = sum((w * xi for w, xi in zip(self.w, x)), self.b)
        if self.nonlin:
            return act.relu()
        return act

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        kind = 'ReLU' if self.nonlin else 'Linear'
        return f"{kind}Neuron({len(self.w)})"


class Layer(Module):
    def __init__(self, nin, nout, **kwargs):
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        outs = [neuron(x) for neuron in self.neurons]
        if len(outs) == 1:
            return outs[0]
        return outs

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def __repr__(self):
        inner = ', '.join(str(neuron) for neuron in self.neurons)
        return f"Layer of [{inner}]"


class MLP(Module):
    def __init__(self, nin, nouts):
        sizes = [nin] + nouts
        last = len(nouts) - 1
        self.layers = [Layer(sizes[i], sizes[i + 1], nonlin=i != last) for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        inner = ', '.join(str(layer) for layer in self.layers)
        return f"MLP of [{inner}]"
`;
