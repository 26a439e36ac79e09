// ruleid: js-eval
eval(code);

// ruleid: js-eval
const f = new Function('a', 'return a');

// ruleid: js-eval
(0, eval)(payload);

// ruleid: js-eval
window['ev' + 'al'](x);

// ruleid: js-eval
[].filter.constructor('return this')();

// ok: js-eval
evaluate(code);

// ok: js-eval
const fn = function () {};

// ok: js-eval
obj.eval(x);

const m = new module.constructor();
// ruleid: js-eval
m._compile(source, 'x.js');

// ruleid: js-eval
m['_com' + 'pile'](source, '');

function construct(Parent, args) {
  var Bound = Function.bind.apply(Parent, [null].concat(args));
  // ok: js-eval
  return new Bound();
}
