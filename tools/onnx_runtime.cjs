// Runs an ONNX model in ONNX Runtime (the onnxruntime-node package's CPU build) for
// PruneScope: the export's check against the masked model, and its timing.
//
//   node tools/onnx_runtime.cjs run MODEL.onnx INPUTS.safetensors OUTPUTS.safetensors
//   node tools/onnx_runtime.cjs time MODEL.onnx[,MODEL.onnx...] INPUTS.safetensors --repeat N --warmup W [--threads T]
//
// Inputs and outputs are safetensors files (int64, float32, float16). `time` runs the models
// in turn (one run of each, then the next round), so that a machine slowing down or speeding
// up weighs on all of them alike, and prints one JSON line: each model's milliseconds per
// timed run, the threads and the runtime's version.
// NODE_PATH names the folder that holds onnxruntime-node (bash setup.sh installs it in
// build/onnxruntime/node_modules).
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

const dtypes = {I64: ['int64', BigInt64Array, 8], F32: ['float32', Float32Array, 4], F16: ['float16', Uint16Array, 2],
                I32: ['int32', Int32Array, 4]};

function readSafetensors(path) {
    const bytes = fs.readFileSync(path);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
    const data = 8 + headerLength;
    const tensors = {};
    for (const [name, entry] of Object.entries(header)) {
        if (name === '__metadata__') continue;
        const kind = dtypes[entry.dtype];
        if (!kind) throw new Error(`${path}: tensor '${name}' has dtype ${entry.dtype}, which this runner does not read`);
        const [begin, end] = entry.data_offsets;
        const copy = bytes.buffer.slice(bytes.byteOffset + data + begin, bytes.byteOffset + data + end);
        tensors[name] = new ort.Tensor(kind[0], new kind[1](copy), entry.shape);
    }
    return tensors;
}

function writeSafetensors(path, tensors) {
    const header = {};
    const parts = [];
    let offset = 0;
    for (const [name, tensor] of Object.entries(tensors)) {
        const code = Object.keys(dtypes).find((k) => dtypes[k][0] === tensor.type);
        if (!code) throw new Error(`output '${name}' has type ${tensor.type}, which this runner does not write`);
        const buffer = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
        header[name] = {dtype: code, shape: tensor.dims, data_offsets: [offset, offset + buffer.length]};
        parts.push(buffer);
        offset += buffer.length;
    }
    let json = Buffer.from(JSON.stringify(header), 'utf8');
    json = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(json.length));
    const temporary = `${path}.part`;
    fs.writeFileSync(temporary, Buffer.concat([length, json, ...parts]));
    fs.renameSync(temporary, path);
}

function option(args, name, fallback) {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
}

async function main(argv) {
    const [command, model, inputsPath, ...rest] = argv;
    if (!['run', 'time'].includes(command) || !model || !inputsPath)
        throw new Error('usage: onnx_runtime.cjs run MODEL INPUTS OUTPUTS | time MODEL INPUTS --repeat N --warmup W [--threads T]');
    const threads = option(rest, '--threads', 0);
    const inputs = readSafetensors(inputsPath);
    const runs = [];
    for (const path of command === 'run' ? [model] : model.split(',')) {
        const session = await ort.InferenceSession.create(path, {intraOpNumThreads: threads, graphOptimizationLevel: 'all'});
        const feeds = {}; // the inputs the graph takes (labels and the like are left out)
        for (const name of session.inputNames) {
            if (!inputs[name]) throw new Error(`${inputsPath} has no tensor '${name}', an input of ${path}`);
            feeds[name] = inputs[name];
        }
        runs.push(() => session.run(feeds));
    }
    if (command === 'run') {
        writeSafetensors(rest[0], await runs[0]());
        return;
    }
    const repeat = option(rest, '--repeat', 10), warmup = option(rest, '--warmup', 3);
    for (let i = 0; i < warmup; ++i)
        for (const run of runs) await run();
    const ms = runs.map(() => []);
    for (let i = 0; i < repeat; ++i)
        for (const [k, run] of runs.entries()) {
            const start = process.hrtime.bigint();
            await run();
            ms[k].push(Number(process.hrtime.bigint() - start) / 1e6);
        }
    const version = require('onnxruntime-node/package.json').version;
    console.log(JSON.stringify({ms, threads, onnxruntime: version}));
}

main(process.argv.slice(2)).catch((error) => {
    console.error(error.message || String(error));
    process.exit(1);
});
