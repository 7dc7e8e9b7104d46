// The quantization lab's instructor's card says what the lab shows: each misconception's tag is
// evaluated as the lab evaluates it (the shipped model, all 2,000 test digits, `quantConfig`
// of the tag's state), and every accuracy and size the card quotes is what comes out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDigits } from '../../src/core/nn/index.js';
import { createQuantSession, modelSize, quantConfig, quantLabCard, quantLabSchema, type QuantLabState, type QuantSession } from '../../src/core/quant/index.js';
import { about, quotes, readTag } from './card-checks.js';
import { loadModel, readArrayBuffer } from './shipped-models.js';

const card = quantLabCard;

const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));
const sessions = new Map<string, QuantSession>();

/** The model's session, as the lab's compute engine makes it (default calibration). */
function session(name: string): QuantSession {
  let made = sessions.get(name);
  if (!made) {
    made = createQuantSession(loadModel(name).model, testSet);
    sessions.set(name, made);
  }
  return made;
}

/** Accuracy, points lost and size the lab shows for a tag, with some controls moved. */
function shown(tag: string, moved: Partial<QuantLabState> = {}) {
  const state = { ...readTag(quantLabSchema, card.lab, tag).state, ...moved };
  const config = quantConfig(state);
  const quant = session(state.model);
  const { accuracy, accuracyDrop } = quant.evaluate(config);
  return { accuracy, points: accuracyDrop * 100, size: modelSize(quant.model, config), baseline: quant.baseline.accuracy };
}

const percent = (accuracy: number) => `${(accuracy * 100).toFixed(2)} %`;
const points = (value: number) => value.toFixed(2);

test('INT8 weights cost each model a digit or two of 2,000, under half a point', () => {
  const { tag, truth } = about(card, 'INT8');
  const mlp = shown(tag);
  const cnn = shown(tag, { model: 'cnn' });
  for (const model of [mlp, cnn]) assert.ok(model.points < 0.5, `${model.points} points`);
  assert.deepEqual([mlp, cnn].map((model) => Math.round(model.points * 20)), [1, 2]);
  quotes(truth, `one digit of 2,000 (${percent(mlp.accuracy)} against ${percent(mlp.baseline)}`, `two (${percent(cnn.accuracy)} against ${percent(cnn.baseline)}`);
});

test('accuracy holds for several bits, then falls off a cliff', () => {
  const { tag, truth } = about(card, 'Each bit');
  const lost = new Map([8, 5, 4, 3].map((bits) => [bits, shown(tag, { bits }).points]));
  quotes(truth, `${points(lost.get(8)!)} points at 8 bits, ${points(lost.get(5)!)} at 5, ${points(lost.get(4)!)} at 4 and ${points(lost.get(3)!)} at 3`);
  assert.ok(lost.get(3)! > 10 * lost.get(4)!);
  quotes(truth, `at 2 bits it scores ${percent(shown(tag, { bits: 2 }).accuracy)}`);
  // The first prompt.
  assert.ok(lost.get(8)! < 0.5 && lost.get(5)! < 0.5);
  quotes(card.prompts[0]!, 'under half a point down to 5 bits', `${Math.round(lost.get(3)!)} points at 3`);
});

test('a scale per channel keeps INT4 accuracy for a few more scales', () => {
  const { tag, truth } = about(card, 'per channel');
  const tensor = shown(tag);
  const channel = shown(tag, { granularity: 'per-channel' });
  assert.ok(channel.points < tensor.points);
  const extraScales = channel.size.parameters.reduce((n, p) => n + p.scaleCount, 0) - tensor.size.parameters.reduce((n, p) => n + p.scaleCount, 0);
  quotes(truth, `loses ${points(channel.points)} points instead of ${points(tensor.points)}`, `${extraScales} more FP32 scales (${channel.size.bytes - tensor.size.bytes} bytes)`);
  // The second prompt, on the CNN: per channel scores lower here, by five digits.
  const cnnTensor = shown(tag, { model: 'cnn' });
  const cnnChannel = shown(tag, { model: 'cnn', granularity: 'per-channel' });
  quotes(card.prompts[1]!, `${percent(cnnTensor.accuracy)} with one scale per tensor and ${percent(cnnChannel.accuracy)} with one per channel`);
  assert.equal(Math.round((cnnTensor.accuracy - cnnChannel.accuracy) * 2000), 5);
});

test('quantizing the activations is free at 8 bits and costly at 4', () => {
  const { tag, truth } = about(card, 'activations');
  const weights8 = shown(tag, { bits: 8, quantize: 'weights-activations' });
  assert.equal(weights8.accuracy, weights8.baseline);
  const weights4 = shown(tag);
  const both4 = shown(tag, { quantize: 'weights-activations' });
  quotes(truth, `(${percent(weights8.accuracy)}, as in FP32)`, `costs ${points(both4.points)} points where the weights alone cost ${points(weights4.points)}`);
});

test('clipping outliers rescues 3 bits', () => {
  const { tag, truth } = about(card, 'range must cover');
  quotes(truth, `${percent(shown(tag).accuracy)} with the min–max range and ${percent(shown(tag, { calibration: 'mse' }).accuracy)} with the range of least squared error`);
});

test('scales are stored too: small groups eat the savings of INT4', () => {
  const { tag, truth } = about(card, 'eight times smaller');
  const times = (moved: Partial<QuantLabState> = {}) => `${shown(tag, moved).size.compression.toFixed(2)}×`;
  quotes(truth, `shrinks only ${times()}`, `Groups of 32 shrink it ${times({ groupSize: 32 })}`, `per tensor gives ${times({ granularity: 'per-tensor' })}`);
});

test('the assignment quotes the MLP’s FP32 accuracy', () => {
  const { state } = readTag(quantLabSchema, card.lab, card.assignment.tag);
  quotes(card.assignment.predict, `scores ${percent(shown(card.assignment.tag).baseline)}`, `INT${state.bits} weights`);
});
