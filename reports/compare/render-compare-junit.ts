import { create } from 'xmlbuilder2';
import type { Comparison } from '../../src/compare/comparison.js';
import { formatContrast } from '../../src/compare/compare-runs.js';
import { stripInvalidXmlChars } from '../common/strip-control.js';
import { changeKindLabels } from './compare-view.js';

const clean = stripInvalidXmlChars;

/**
 * JUnit XML of the diff: one testcase per conformance change and per judged load metric. A regression is a
 * `<failure>`; an accepted change, a fix or a figure without significant change passes (with the detail in
 * `system-out`); a figure that could not be judged is `<skipped>` with the reason.
 */
export function renderCompareJunit(comparison: Comparison): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', { name: 'regatta compare' });
  const changes = root.ele('testsuite', {
    name: 'conformance changes',
    tests: comparison.conformance.length,
    failures: comparison.conformance.filter((change) => change.regression).length,
  });
  for (const change of comparison.conformance) {
    const testcase = changes.ele('testcase', { classname: clean(`compare.${change.target}`), name: clean(`${change.id} ${changeKindLabels[change.kind]}`) });
    const text = clean(`${change.title}: ${change.baseline} -> ${change.candidate}${change.detail === undefined ? '' : `\n${change.detail}`}`);
    if (change.regression) {
      testcase.ele('failure', { message: clean(`${changeKindLabels[change.kind]}: ${change.baseline} -> ${change.candidate}`), type: change.kind }).txt(text);
    } else {
      testcase.ele('system-out').txt(change.accepted === undefined ? text : `${text}\naccepted: ${clean(change.accepted)}`);
    }
  }
  const load = root.ele('testsuite', {
    name: 'load figures',
    tests: comparison.load.length,
    failures: comparison.load.filter((metric) => metric.verdict === 'regression').length,
    skipped: comparison.load.filter((metric) => metric.verdict === 'not-judged').length,
  });
  for (const metric of comparison.load) {
    const name = clean(`${metric.scenario}${metric.operation === undefined ? '' : `/${metric.operation}`} ${metric.metric.label}`);
    const testcase = load.ele('testcase', { classname: clean(`compare.${metric.target}`), name });
    const text = clean(`baseline mean ${metric.baselineMean} (${metric.baselineTrials.length} trials), candidate mean ${metric.candidateMean} (${metric.candidateTrials.length} trials), ${formatContrast(metric)}`);
    if (metric.verdict === 'regression') {
      testcase.ele('failure', { message: clean(`${metric.metric.label} worse beyond the ${metric.threshold} threshold: ${formatContrast(metric)}`), type: 'regression' }).txt(text);
    } else if (metric.verdict === 'not-judged') {
      testcase.ele('skipped', { message: clean(metric.note ?? 'not judged') });
    } else {
      testcase.ele('system-out').txt(`${metric.verdict}: ${text}`);
    }
  }
  return root.end({ prettyPrint: true });
}
