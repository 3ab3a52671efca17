import { describe, expect, it } from 'vitest';
import { parseJunitCounts } from './junit-counts.js';

describe('parseJunitCounts', () => {
  it('classifies Ginkgo test cases by their status attribute and leaves reporter hooks out', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="5" failures="1">
  <testsuite name="conformance tests" tests="5" skipped="1" failures="1">
    <testcase name="[It] Pull Setup Populate registry" classname="conformance tests" status="passed" time="0.03"></testcase>
    <testcase name="[It] Pull GET blob" classname="conformance tests" status="failed" time="0.01">
      <failure message="Expected&#xA;    &lt;int&gt;: 404&#xA;to equal 200" type="failed">details</failure>
    </testcase>
    <testcase name="[It] Push empty layer" classname="conformance tests" status="skipped" time="0">
      <skipped message="skipped - you have skipped this test."></skipped>
    </testcase>
    <testcase name="[It] Discovery panics" classname="conformance tests" status="panicked" time="0"></testcase>
    <testcase name="[ReportAfterSuite] html custom reporter" classname="conformance tests" status="passed" time="0.004"></testcase>
  </testsuite>
</testsuites>`;
    expect(parseJunitCounts(xml)).toEqual({ passed: 1, failed: 2, skipped: 1 });
  });

  it('falls back to failure, error and skipped children when there is no status attribute', () => {
    const xml = `<testsuite>
  <testcase name="a"/>
  <testcase name="b"><failure message="x"/></testcase>
  <testcase name="c"><error message="boom"/></testcase>
  <testcase name="d"><skipped/></testcase>
  <testcase name="e"><system-out>ok</system-out></testcase>
</testsuite>`;
    expect(parseJunitCounts(xml)).toEqual({ passed: 2, failed: 2, skipped: 1 });
  });

  it('counts nothing in a report without test cases', () => {
    expect(parseJunitCounts('<testsuites tests="0"></testsuites>')).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });
});
