const vm = require('vm');
// ruleid: js-vm
vm.runInThisContext(src);

// ruleid: js-vm
const script = new vm.Script(src);

// ok: js-vm
vm.createContext({});
