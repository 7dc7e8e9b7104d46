// Fits the speed model's two efficiencies to the published measurements that are not held out
// (src/core/speed/measurements.ts), by a grid search on the mean squared log error, and prints
// every point's error, held-out ones included. `npm run calibrate:speed`; the result is written
// by hand into DEFAULT_SPEED_ASSUMPTIONS, with the errors in the calibration test.
import { PUBLISHED_MEASUREMENTS } from '../../src/core/speed/measurements.js';
import { estimateMeasurement } from '../../src/core/speed/calibration.js';
import { DEFAULT_SPEED_ASSUMPTIONS, type SpeedAssumptions } from '../../src/core/speed/roofline.js';

const fitted = PUBLISHED_MEASUREMENTS.filter((m) => !m.heldOut);
const loss = (assumptions: SpeedAssumptions) =>
  fitted.reduce((sum, m) => sum + Math.log(estimateMeasurement(m, assumptions).estimate / m.value) ** 2, 0) / fitted.length;

let best = { loss: Infinity, assumptions: DEFAULT_SPEED_ASSUMPTIONS };
// The launch time stays as set: the points are large batches, which say little about it.
for (let matmul = 30; matmul <= 90; matmul += 5) {
  for (let bandwidth = 40; bandwidth <= 90; bandwidth += 5) {
    const assumptions = { ...DEFAULT_SPEED_ASSUMPTIONS, matmulEfficiency: matmul / 100, bandwidthEfficiency: bandwidth / 100 };
    const value = loss(assumptions);
    if (value < best.loss) best = { loss: value, assumptions };
  }
}
console.log(`Best fit on ${fitted.length} points: matmul ${best.assumptions.matmulEfficiency}, bandwidth ${best.assumptions.bandwidthEfficiency} (mean squared log error ${best.loss.toFixed(4)})`);
for (const m of PUBLISHED_MEASUREMENTS) {
  const { estimate, error } = estimateMeasurement(m, best.assumptions);
  console.log(`${m.heldOut ? 'held out' : 'fitted  '}  ${m.id.padEnd(38)} measured ${m.value.toFixed(1).padStart(7)}, model ${estimate.toFixed(1).padStart(7)} ${m.unit}: ${error >= 0 ? '+' : ''}${(error * 100).toFixed(0)} %`);
}
